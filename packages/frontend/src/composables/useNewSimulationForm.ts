import type { TrafficTemplateName } from '@hoistway/shared-types';
import { reactive, toRef } from 'vue';
import { useBuildingChoice } from './useBuildingChoice.js';

/** What every new simulation (live session or comparison) asks first, with the same defaults. */
export interface SimulationFormBase {
  buildingId: string;
  template: TrafficTemplateName;
  intensity: number;
  duration: number;
  warmUp: number;
}

/**
 * The reactive form of a new simulation: the shared fields with their defaults plus the screen's own
 * `extra` fields, and the building list it chooses from (see useBuildingChoice).
 */
export function useNewSimulationForm<Extra extends object>(extra: Extra) {
  const base: SimulationFormBase = {
    buildingId: '',
    template: 'up-peak',
    intensity: 12,
    duration: 3600,
    warmUp: 300,
  };
  const form = reactive({ ...base, ...extra });
  // Typed through the base: Vue's ref types cannot see `buildingId` inside `Base & Extra`.
  const buildings = useBuildingChoice(toRef(form as SimulationFormBase, 'buildingId'));
  return { form, buildings };
}
