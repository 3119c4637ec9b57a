import { describe, expect, it } from 'vitest';
import { decisionFeatureNames, type PassengerRecord } from '@hoistway/shared-types';
import { runEpisode } from '../src/training/episode.js';
import { decisionOutcomes } from '../src/training/outcomes.js';
import { trainNetwork } from '../src/training/train-network.js';
import { lunchTraffic, settings, smallBuilding } from './generate-fixtures.js';

const episode = (k: number, overrides = {}) =>
  runEpisode({ building: smallBuilding, traffic: lunchTraffic, settings: settings(overrides), episode: k });

function byDecision<T extends { decision: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) out.set(r.decision, [...(out.get(r.decision) ?? []), r]);
  return out;
}

describe('runEpisode', () => {
  const first = episode(0);

  it('writes one row per decision and candidate car, exactly one chosen per decision', () => {
    expect(first.decisions).toBeGreaterThan(20);
    const groups = byDecision(first.samples);
    expect(groups.size).toBe(first.decisions);
    let expectedRows = 0;
    for (const [, rows] of groups) {
      // All three cars serve every floor; a call re-registered for passengers left behind by a full
      // car excludes that car, hence two candidates.
      expect([
        [0, 1],
        [0, 1, 2],
      ]).toContainEqual(rows.map((r) => r.candidate));
      expect(new Set(rows.map((r) => r.carId)).size).toBe(rows.length);
      expect(rows.filter((r) => r.chosen)).toHaveLength(1);
      // Decision-level fields are shared by its candidate rows.
      expect(new Set(rows.map((r) => `${r.simTime}|${r.policy}|${r.waitTime}|${r.passengers}`)).size).toBe(1);
      expectedRows += rows.length;
    }
    expect(first.samples).toHaveLength(expectedRows);
    for (const s of first.samples) expect(s.features).toHaveLength(decisionFeatureNames.length);
  });

  it('attaches the realised outcome to decisions that served passengers', () => {
    const chosen = first.samples.filter((s) => s.chosen);
    const serving = chosen.filter((s) => s.passengers > 0);
    expect(serving.length).toBeGreaterThan(chosen.length / 2);
    for (const s of serving) {
      expect(s.waitTime).not.toBeNull();
      expect(s.waitTime!).toBeGreaterThanOrEqual(0);
      // With a drain period every boarded passenger is delivered.
      expect(s.rideTime).not.toBeNull();
      expect(s.rideTime!).toBeGreaterThan(0);
    }
    for (const s of chosen.filter((x) => x.passengers === 0)) expect(s.waitTime).toBeNull();
    // Each passenger is served by at most one decision.
    expect(serving.reduce((sum, s) => sum + s.passengers, 0)).toBeLessThanOrEqual(first.passengers);
  });

  it('records the policy that chose: the episode heuristic (round-robin) or random', () => {
    expect(first.heuristic).toBe('collective');
    expect(episode(3).heuristic).toBe('eta');
    const policies = new Set(first.samples.map((s) => s.policy));
    expect([...policies].sort()).toEqual(['collective', 'random']);
    const allRandom = episode(0, { exploration: { ...settings().exploration, epsilon: 1 } });
    expect(new Set(allRandom.samples.map((s) => s.policy))).toEqual(new Set(['random']));
  });

  it('is reproducible from (seed, episode): episode k uses seed + k', () => {
    const again = episode(0);
    expect(again.samples).toEqual(first.samples);
    expect(first.seed).toBe(7);
    const shifted = runEpisode({
      building: smallBuilding,
      traffic: lunchTraffic,
      settings: settings({ seed: 6 }),
      episode: 1,
    });
    expect(shifted.seed).toBe(7);
    expect(shifted.samples.map((s) => s.features)).not.toEqual(first.samples.map((s) => s.features));
    expect(episode(1).samples).not.toEqual(first.samples);
  });

  it('runs policy iteration: a registered model chooses, and continues the rollouts of its labels', async () => {
    // A model fitted to the first episode's labels (one epoch is enough to get a working network).
    const labelled = first.samples.filter((s) => s.cost !== null);
    expect(labelled.length).toBeGreaterThan(0);
    const f = decisionFeatureNames.length;
    const groupOf = new Map<number, number>();
    const { network } = await trainNetwork(
      {
        featureNames: [...decisionFeatureNames],
        features: Float32Array.from(labelled.flatMap((s) => s.features)),
        chosen: Uint8Array.from(labelled, (s) => (s.chosen ? 1 : 0)),
        cost: Float32Array.from(labelled, (s) => s.cost!),
        episode: new Int32Array(labelled.length),
        group: Int32Array.from(
          labelled,
          (s) => groupOf.get(s.decision) ?? groupOf.set(s.decision, groupOf.size).size - 1,
        ),
        decisions: new Set(labelled.map((s) => s.decision)).size,
      },
      { horizon: 300, ridingWeight: 0.5 },
      { epochs: 1, seed: 1 },
    );
    expect(network.featureMean).toHaveLength(2 * f);
    const model = { id: '00000000-0000-4000-8000-000000000009', name: 'pi', version: 1, network };
    const exploration = {
      ...settings().exploration,
      policies: [],
      model: { id: model.id, name: 'pi', version: 1 },
    };
    const result = runEpisode({
      building: smallBuilding,
      traffic: lunchTraffic,
      settings: settings({ exploration }),
      episode: 0,
      model,
    });
    expect(result.heuristic).toBe('learned');
    expect(new Set(result.samples.map((s) => s.policy))).toEqual(new Set(['learned', 'random']));
    expect(result.rollouts).toBeGreaterThan(0);
    expect(result.samples.some((s) => s.cost !== null)).toBe(true);
  });
});

describe('decisionOutcomes', () => {
  const record = (waitTime: number | null, transitTime: number | null): PassengerRecord => ({
    id: 0,
    arrival: 0,
    origin: 0,
    destination: 1,
    boardDoorOpen: null,
    alightDoorOpen: null,
    car: null,
    waitTime,
    transitTime,
    counted: true,
    group: 'A',
  });

  it('averages waits and rides per serving decision; null when nothing was served or delivered', () => {
    const records = [record(10, 30), record(20, 50), record(5, null), record(null, null), record(7, 9)];
    const out = decisionOutcomes(records, [0, 0, 2, null, 0], 3);
    expect(out[0]).toEqual({ waitTime: (10 + 20 + 7) / 3, rideTime: (30 + 50 + 9) / 3, passengers: 3 });
    expect(out[1]).toEqual({ waitTime: null, rideTime: null, passengers: 0 });
    expect(out[2]).toEqual({ waitTime: 5, rideTime: null, passengers: 1 });
  });
});
