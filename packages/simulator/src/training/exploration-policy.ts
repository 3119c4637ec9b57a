/**
 * The exploration policy of `generate`: at each decision, with probability ε a uniformly random
 * candidate, else the choice of the episode's heuristic dispatcher. Seeded from the episode seed, so an
 * episode is reproducible from (seed, episode); it remembers which policy made each choice.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { DispatcherName } from '@hoistway/shared-types';
import type { DecisionContext, Dispatcher } from '../engine/types.js';
import type { ExplorationSettings } from './settings.js';

/** Recorded policy of a random choice. */
export const RANDOM_POLICY = 'random';

export interface ExplorationPolicy extends Dispatcher {
  /** The heuristic this episode delegates to. */
  readonly heuristic: string;
  /** Policy of each choose() call so far, in call order: the heuristic's name or 'random'. */
  readonly choicePolicies: readonly string[];
}

/** The heuristic of episode k: round-robin over the list, or drawn from the episode's generator. */
export function heuristicForEpisode(
  settings: ExplorationSettings,
  episode: number,
  draw: () => number,
): DispatcherName {
  const { policies } = settings;
  if (settings.model) return 'eta'; // unused: the episode delegates to the model
  if (policies.length === 0) throw new Error('exploration needs at least one heuristic dispatcher');
  const index = settings.policyMix === 'round-robin' ? episode % policies.length : draw() % policies.length;
  return policies[index]!;
}

export function createExplorationPolicy(
  settings: ExplorationSettings,
  episode: number,
  seed: number,
  makeDispatcher: (name: DispatcherName) => Dispatcher,
): ExplorationPolicy {
  // Jump away from the seed's own stream: the traffic generator may be seeded with the same number.
  const rng = xoroshiro128plus(seed);
  rng.jump();
  const heuristicName = heuristicForEpisode(settings, episode, () => uniformInt(rng, 0, 2 ** 31 - 1));
  const heuristic = makeDispatcher(heuristicName);
  const choicePolicies: string[] = [];
  return {
    name: `explore(${heuristic.name}, ε=${settings.epsilon})`,
    heuristic: heuristic.name,
    choicePolicies,
    destinationControl: heuristic.destinationControl,
    choose(ctx: DecisionContext): number {
      // Draw on every decision (even when ε = 0 or 1) so the stream never depends on the outcome.
      const explore = uniformFloat64(rng) < settings.epsilon;
      const randomPick = uniformInt(rng, 0, ctx.candidates.length - 1);
      if (explore) {
        choicePolicies.push(RANDOM_POLICY);
        return randomPick;
      }
      choicePolicies.push(heuristic.name);
      return heuristic.choose(ctx);
    },
  };
}
