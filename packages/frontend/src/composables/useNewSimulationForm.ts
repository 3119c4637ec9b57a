import type { Building, Traffic, TrafficTemplateName } from '@hoistway/shared-types';
import { groupsWithoutTraffic, upPeakCalc } from '@hoistway/simulator/browser';
import { computed, reactive, shallowRef, toRef, watch, type Ref } from 'vue';
import { api } from '../api/client.js';
import { useBuildingChoice } from './useBuildingChoice.js';

/** What every new simulation (live session or comparison) asks first, with the same defaults. */
export interface SimulationFormBase {
  buildingId: string;
  template: TrafficTemplateName;
  intensity: number;
  duration: number;
  warmUp: number;
}

/** The building's analytic handling capacity next to the traffic asked of it. */
export interface TrafficCapacity {
  /** Persons the credited groups carry per 5 minutes in an up-peak (engine-consistent figures). */
  hc5Persons: number;
  /** The same as % of the building's population; null without population. */
  hc5Percent: number | null;
  /** The intensity asked exceeds it: the cars cannot keep up and queues grow all session long. */
  over: boolean;
}

/**
 * The up-peak HC5 of the whole building (the groups this traffic can use), compared with the
 * template's intensity. Down-peak is not compared: cars fill at the upper floors and return empty,
 * so a building handles a down-peak well above its up-peak HC5.
 */
export function trafficCapacity(
  building: Building,
  traffic: { template: TrafficTemplateName; intensity: number },
): TrafficCapacity | null {
  try {
    const asked: Traffic = { kind: 'template', template: traffic.template, intensity: traffic.intensity };
    const idle = new Set(groupsWithoutTraffic(building, asked).map((g) => g.index));
    const hc5Persons = upPeakCalc(building)
      .filter((_, i) => !idle.has(i))
      .reduce((sum, f) => sum + f.engine.hc5Persons, 0);
    const population = building.floors.reduce((sum, f) => sum + f.population, 0);
    const hc5Percent = population > 0 ? (100 * hc5Persons) / population : null;
    const over = traffic.template !== 'down-peak' && hc5Percent !== null && traffic.intensity > hc5Percent;
    return { hc5Persons, hc5Percent, over };
  } catch {
    return null; // a traffic the building cannot take: the form's own errors say why
  }
}

/** The chosen building's definition, reloaded when the choice changes. */
function useBuildingDefinition(id: Ref<string>) {
  const building = shallowRef<Building | null>(null);
  const error = shallowRef<Error | null>(null);
  watch(
    id,
    async (value) => {
      building.value = null;
      error.value = null;
      if (!value) return;
      try {
        const definition = (await api.getBuilding(value)).definition;
        if (id.value === value) building.value = definition;
      } catch (err) {
        if (id.value === value) error.value = err as Error;
      }
    },
    { immediate: true },
  );
  return { building, error };
}

/**
 * The reactive form of a new simulation: the shared fields with their defaults plus the screen's own
 * `extra` fields, the building list it chooses from (see useBuildingChoice), the chosen building's
 * definition, and its handling capacity against the traffic asked. The traffic starts as the
 * building's own default traffic (when that is a template), else up-peak at 12 %.
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
  const typed = form as SimulationFormBase;
  const buildings = useBuildingChoice(toRef(typed, 'buildingId'));
  const { building, error: buildingError } = useBuildingDefinition(toRef(typed, 'buildingId'));
  watch(building, (b) => {
    const own = b?.defaultTraffic;
    if (own?.kind !== 'template') return;
    typed.template = own.template;
    typed.intensity = own.intensity;
  });
  const capacity = computed(() =>
    building.value
      ? trafficCapacity(building.value, { template: typed.template, intensity: typed.intensity })
      : null,
  );
  return { form, buildings, building, buildingError, capacity };
}
