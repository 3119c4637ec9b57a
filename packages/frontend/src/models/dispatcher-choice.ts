/**
 * Dispatcher menus offer the heuristics and every ready learned model. A menu value is a heuristic's
 * name or `learned:<name>@<version>`; these helpers turn one into a dispatcher config.
 */
import type { DispatcherConfigInput, ModelSummary } from '@hoistway/shared-types';
import { computed, onMounted, shallowRef } from 'vue';
import { api } from '../api/client.js';

export const LEARNED_PREFIX = 'learned:';

export function choiceToConfig(choice: string): DispatcherConfigInput {
  if (choice.startsWith(LEARNED_PREFIX))
    return { name: 'learned', model: choice.slice(LEARNED_PREFIX.length) };
  return { name: choice } as DispatcherConfigInput;
}

export interface LearnedChoice {
  value: string;
  label: string;
}

export function learnedChoices(models: readonly ModelSummary[]): LearnedChoice[] {
  return models
    .filter((m) => m.status === 'ready')
    .map((m) => ({
      value: `${LEARNED_PREFIX}${m.name}@${m.version}`,
      label: `Learned: ${m.name} v${m.version}`,
    }));
}

/** The ready models as menu entries (empty until loaded, or if the list cannot be read). */
export function useLearnedChoices() {
  const models = shallowRef<ModelSummary[]>([]);
  onMounted(async () => {
    try {
      models.value = (await api.listModels()).items;
    } catch {
      models.value = [];
    }
  });
  return computed(() => learnedChoices(models.value));
}
