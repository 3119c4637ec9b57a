import { describe, expect, it } from 'vitest';
import type { DecisionContext, Dispatcher } from '../src/engine/types.js';
import {
  createExplorationPolicy,
  heuristicForEpisode,
  RANDOM_POLICY,
} from '../src/training/exploration-policy.js';
import { defaultExploration, type ExplorationSettings } from '../src/training/settings.js';

/** A heuristic that always picks the last candidate, so its choices are recognisable. */
const lastCar = (name: string): Dispatcher => ({ name, choose: (ctx) => ctx.candidates.length - 1 });

function context(candidates: number): DecisionContext {
  return {
    time: 0,
    group: 0,
    call: { floor: 3, direction: 'up', destination: null },
    candidates: Array.from({ length: candidates }, (_, i) => ({
      carIndex: i,
      carId: `C${i}`,
    })) as unknown as DecisionContext['candidates'],
    groupInfo: {} as DecisionContext['groupInfo'],
    waiting: 0,
    waitingAtLobby: 0,
  };
}

function choices(settings: ExplorationSettings, episode: number, seed: number, n: number) {
  const policy = createExplorationPolicy(settings, episode, seed, lastCar);
  const picks = Array.from({ length: n }, () => policy.choose(context(4)));
  return { policy, picks };
}

describe('exploration policy', () => {
  it('round-robins the heuristic over episodes', () => {
    const names = [0, 1, 2, 3, 4, 5].map((k) => heuristicForEpisode(defaultExploration, k, () => 0));
    expect(names).toEqual(['collective', 'nearest', 'sectoring', 'eta', 'collective', 'nearest']);
  });

  it('explores with probability ε and records who chose', () => {
    const { policy, picks } = choices({ ...defaultExploration, epsilon: 0.2 }, 1, 42, 5000);
    expect(policy.heuristic).toBe('nearest');
    expect(policy.choicePolicies).toHaveLength(5000);
    const random = policy.choicePolicies.filter((p) => p === RANDOM_POLICY).length;
    expect(random / 5000).toBeGreaterThan(0.17);
    expect(random / 5000).toBeLessThan(0.23);
    // Heuristic choices are the heuristic's; random ones cover every candidate.
    picks.forEach((pick, i) => {
      if (policy.choicePolicies[i] !== RANDOM_POLICY) expect(pick).toBe(3);
    });
    const randomPicks = new Set(picks.filter((_, i) => policy.choicePolicies[i] === RANDOM_POLICY));
    expect([...randomPicks].sort()).toEqual([0, 1, 2, 3]);
  });

  it('is reproducible from (seed, episode) and differs across seeds', () => {
    const a = choices({ ...defaultExploration, epsilon: 0.5 }, 2, 7, 200);
    const b = choices({ ...defaultExploration, epsilon: 0.5 }, 2, 7, 200);
    const c = choices({ ...defaultExploration, epsilon: 0.5 }, 2, 8, 200);
    expect(a.picks).toEqual(b.picks);
    expect(a.policy.choicePolicies).toEqual(b.policy.choicePolicies);
    expect(c.picks).not.toEqual(a.picks);
  });

  it('ε = 0 never explores, ε = 1 always does', () => {
    expect(
      choices({ ...defaultExploration, epsilon: 0 }, 0, 1, 300).policy.choicePolicies.every(
        (p) => p === 'collective',
      ),
    ).toBe(true);
    expect(
      choices({ ...defaultExploration, epsilon: 1 }, 0, 1, 300).policy.choicePolicies.every(
        (p) => p === RANDOM_POLICY,
      ),
    ).toBe(true);
  });

  it('seeded-random mix picks heuristics from the list, reproducibly', () => {
    const settings: ExplorationSettings = { ...defaultExploration, policyMix: 'random' };
    const picked = Array.from(
      { length: 40 },
      (_, k) => createExplorationPolicy(settings, k, 100 + k, lastCar).heuristic,
    );
    const again = Array.from(
      { length: 40 },
      (_, k) => createExplorationPolicy(settings, k, 100 + k, lastCar).heuristic,
    );
    expect(picked).toEqual(again);
    expect(new Set(picked).size).toBeGreaterThan(1);
    picked.forEach((name) => expect(defaultExploration.policies).toContain(name));
  });
});
