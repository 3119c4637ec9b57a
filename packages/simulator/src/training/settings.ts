import type { RolloutLabelSettings } from './rollout-labels.js';
import type { DispatcherName } from '@hoistway/shared-types';

/** How the exploration policy picks a heuristic dispatcher for an episode. */
export type PolicyMix = 'round-robin' | 'random';

export interface ExplorationSettings {
  /** Probability of a uniformly random candidate at each decision. */
  epsilon: number;
  /** Heuristic dispatchers the policy delegates to. */
  policies: DispatcherName[];
  policyMix: PolicyMix;
  /** Policy iteration: delegate to this registered model instead of the heuristics. */
  model?: { id: string; name: string; version: number };
}

/** Everything that determines a dataset's rows; stored as `datasets.config`. */
export interface GenerationSettings {
  /** Base seed: episode k uses seed + k. */
  seed: number;
  /** Episodes requested (may grow on --resume). */
  episodes: number;
  /** Simulated arrivals per episode, s. */
  duration: number;
  /** Extra simulated time after `duration` so late passengers are delivered and get an outcome, s. */
  drainTime: number;
  exploration: ExplorationSettings;
  /** How candidate labels are measured (defaults: defaultRolloutLabels). */
  labels?: RolloutLabelSettings;
}

export const defaultExploration: ExplorationSettings = {
  epsilon: 0.2,
  policies: ['collective', 'nearest', 'sectoring', 'eta'],
  policyMix: 'round-robin',
};

/** Seed of episode k: base seed + k, wrapped to the 32-bit seed range. */
export function episodeSeed(baseSeed: number, episode: number): number {
  return (baseSeed + episode) % 2 ** 32;
}
