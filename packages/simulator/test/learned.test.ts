/**
 * The learned dispatcher: training finds a known best candidate, a model survives save → load with
 * identical predictions, learned runs are deterministic, a model of other features is refused, and
 * the rollout labels measure what they say.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import {
  decisionFeatureNames,
  dispatcherConfigSchema,
  runConfigSchema,
  type LearnedModelSpec,
  type LearnedNetwork,
  type PassengerRecord,
} from '@hoistway/shared-types';
import { createDispatcher, LearnedModelError, LearnedNetworkRunner } from '../src/engine/index.js';
import { candidateInputs } from '../src/engine/dispatchers/learned.js';
import { simulate } from '../src/engine/simulate.js';
import type { DecisionRecord } from '../src/engine/types.js';
import { generateArrivals } from '../src/traffic/generate.js';
import { Simulation } from '../src/engine/simulation.js';
import { runEpisode } from '../src/training/episode.js';
import {
  labelledDecisions,
  passengerTime,
  rolloutAdvantages,
  rolloutCost,
} from '../src/training/rollout-labels.js';
import { parseModelFile } from '../src/training/model-registry.js';
import { trainNetwork, type TrainingRows } from '../src/training/train-network.js';
import { exampleBuilding } from './helpers/runs.js';

const F = decisionFeatureNames.length;

/**
 * Decisions of 3 candidates with random features. Giving the call to a candidate costs 30·x0 + 10
 * plus noise that depends on x1 and on the decision (what a rollout's hindsight adds); the label is
 * that cost minus the decision's mean, as rollout labels are. So the best candidate is the one with
 * the smallest x0, whatever x1 says.
 */
function syntheticRows(decisions: number, seed: number): TrainingRows & { x: number[][][] } {
  const rng = xoroshiro128plus(seed);
  const n = decisions * 3;
  const rows = {
    featureNames: [...decisionFeatureNames],
    features: new Float32Array(n * F),
    chosen: new Uint8Array(n),
    cost: new Float32Array(n),
    episode: new Int32Array(n),
    group: new Int32Array(n),
    decisions,
    x: [] as number[][][],
  };
  for (let d = 0; d < decisions; d++) {
    const pick = Math.floor(uniformFloat64(rng) * 3);
    const shared = 40 * uniformFloat64(rng);
    const cands: number[][] = [];
    const costs: number[] = [];
    for (let c = 0; c < 3; c++) {
      const i = d * 3 + c;
      const x = Array.from({ length: F }, () => Math.fround(uniformFloat64(rng)));
      cands.push(x);
      rows.features.set(x, i * F);
      rows.chosen[i] = c === pick ? 1 : 0;
      costs.push(shared + 30 * x[0]! + 10 + 8 * (x[1]! - 0.5) * (uniformFloat64(rng) - 0.5));
      rows.episode[i] = Math.floor(d / 100);
      rows.group[i] = d;
    }
    const mean = (costs[0]! + costs[1]! + costs[2]!) / 3;
    for (let c = 0; c < 3; c++) rows.cost[d * 3 + c] = costs[c]! - mean;
    rows.x.push(cands);
  }
  return rows;
}

const objective = { horizon: 240, ridingWeight: 0.5 };
let network: LearnedNetwork;
let spec: LearnedModelSpec;

beforeAll(async () => {
  const rows = syntheticRows(2000, 11);
  const trained = await trainNetwork(rows, objective, {
    epochs: 40,
    seed: 3,
    batchSize: 128,
    learningRate: 3e-3,
  });
  network = trained.network;
  spec = { id: '00000000-0000-4000-8000-000000000001', name: 'synthetic', version: 1, network };
  expect(trained.metrics.epochs).toHaveLength(40);
  expect(trained.metrics.valRows).toBeGreaterThan(0);
}, 120_000);

describe('training', () => {
  it('learns to pick the candidate whose added cost is known to be lowest', () => {
    const runner = new LearnedNetworkRunner(network);
    const test = syntheticRows(300, 99);
    let right = 0;
    let clear = 0;
    for (const cands of test.x) {
      const x0 = cands.map((x) => x[0]!);
      const best = x0.indexOf(Math.min(...x0));
      // Near-ties in x0 (within 2 s of cost) may go either way; count the clear decisions.
      if (x0.some((v, i) => i !== best && v - x0[best]! < 0.07)) continue;
      clear++;
      const scores = runner.scores(cands);
      if (scores.indexOf(Math.min(...scores)) === best) right++;
    }
    expect(clear).toBeGreaterThan(150);
    // Chance is one in three.
    expect(right / clear).toBeGreaterThan(0.9);
  });

  it('scores a decision as the plain network does (first layer folded per decision)', () => {
    const runner = new LearnedNetworkRunner(network);
    for (const cands of syntheticRows(50, 8).x) {
      const plain = candidateInputs(cands).map((x) => runner.predict(x));
      runner.scores(cands).forEach((s, i) => expect(s).toBeCloseTo(plain[i]!, 9));
    }
  });

  it('is repeatable: the same seed gives the same weights', async () => {
    const rows = syntheticRows(200, 5);
    const a = await trainNetwork(rows, objective, { epochs: 2, seed: 9, batchSize: 64 });
    const b = await trainNetwork(rows, objective, { epochs: 2, seed: 9, batchSize: 64 });
    expect(a.network).toEqual(b.network);
  });
});

describe('saved models', () => {
  it('give identical predictions after save → load (model file round trip)', () => {
    const before = new LearnedNetworkRunner(network);
    const file = {
      kind: 'hoistway-model',
      name: 'synthetic',
      version: 1,
      datasets: [],
      library: 'test',
      metrics: { epochs: [], trainRows: 0, valRows: 0, decisions: 0, valMae: null, seconds: 0, seed: 3 },
      createdAt: new Date(0).toISOString(),
      network,
    };
    const loaded = parseModelFile(JSON.stringify(file), 'model.json');
    const after = new LearnedNetworkRunner(loaded.network);
    for (const cands of syntheticRows(50, 7).x)
      for (const x of candidateInputs(cands)) {
        expect(after.predict(x)).toBe(before.predict(x));
      }
  });

  it('refuse a model trained on other features, naming them', () => {
    const other = { ...network, featureNames: [...network.featureNames.slice(0, -1), 'timeOfDay'] };
    const config = dispatcherConfigSchema.parse({
      name: 'learned',
      model: 'x',
      resolved: { ...spec, network: other },
    });
    expect(() => createDispatcher(config)).toThrow(LearnedModelError);
    expect(() => createDispatcher(config)).toThrow(/missing leastCostSeconds; unknown timeOfDay/);
    const file = JSON.stringify({
      kind: 'hoistway-model',
      name: 'x',
      version: 1,
      datasets: [],
      library: 'test',
      metrics: { epochs: [], trainRows: 0, valRows: 0, decisions: 0, valMae: null, seconds: 0, seed: 1 },
      createdAt: new Date(0).toISOString(),
      network: other,
    });
    expect(() => parseModelFile(file, 'm.json')).toThrow(/do not match the engine's/);
  });

  it('refuse a learned config whose model was not looked up', () => {
    const config = dispatcherConfigSchema.parse({ name: 'learned', model: 'lunch' });
    expect(() => createDispatcher(config)).toThrow(/model "lunch" is not loaded/);
  });
});

describe('learned runs', () => {
  it('are deterministic: two runs give identical results', () => {
    const building = exampleBuilding('office-10');
    const traffic = { kind: 'template' as const, template: 'lunch' as const, intensity: 12 };
    const config = runConfigSchema.parse({
      duration: 1200,
      seed: 4,
      dispatcher: { name: 'learned', model: 'synthetic', resolved: spec },
    });
    const run = () =>
      simulate(building, generateArrivals(building, traffic, { seed: 4, duration: 1200 }), config);
    const a = run();
    const b = run();
    expect(JSON.stringify(b.results)).toBe(JSON.stringify(a.results));
    expect(a.results.kpis.delivered).toBeGreaterThan(0);
    // Results name the model, without its weights.
    expect(a.results.dispatcher).toEqual({ name: 'learned', model: 'synthetic@1' });
  });
});

describe('rollout labels', () => {
  const rec = (p: Partial<PassengerRecord>): PassengerRecord => ({
    id: 0,
    arrival: 0,
    origin: 0,
    destination: 1,
    boardDoorOpen: null,
    alightDoorOpen: null,
    car: null,
    waitTime: null,
    transitTime: null,
    counted: true,
    group: 'A',
    ...p,
  });

  it('count the waiting and riding seconds, inside the window, of those in the building at its start', () => {
    const records = [
      rec({ arrival: 0, boardDoorOpen: 5, alightDoorOpen: 25 }), // rides 10..25 in the window: 15 × 0.5
      rec({ arrival: 2, boardDoorOpen: 4, alightDoorOpen: 8 }), // delivered before the window: nothing
      rec({ arrival: 10, boardDoorOpen: 30, alightDoorOpen: 50 }), // waits 20, rides 20 × 0.5
      rec({ arrival: 5 }), // waits 10..100 (censored at the window's end)
      rec({ arrival: 8, boardDoorOpen: 95 }), // waits 85, rides 95..100 × 0.5
      rec({ arrival: 11 }), // arrived after the window's start: not counted
    ];
    expect(passengerTime(records, 10, 100, 0.5)).toBe(7.5 + 30 + 90 + 85 + 2.5);
  });

  const building = exampleBuilding('office-10');
  const traffic = { kind: 'template' as const, template: 'lunch' as const, intensity: 10 };
  const settings = {
    seed: 21,
    episodes: 1,
    duration: 900,
    drainTime: 300,
    exploration: { epsilon: 0.2, policies: ['eta' as const], policyMix: 'round-robin' as const },
    labels: { horizon: 200, ridingWeight: 0.5, labelShare: 0.1 },
  };

  it('label a seeded share of the decisions with a choice, every candidate, centred on zero', () => {
    const episode = runEpisode({ building, traffic, settings, episode: 0 });
    const byDecision = new Map<number, number[]>();
    for (const s of episode.samples)
      if (s.cost !== null) byDecision.set(s.decision, [...(byDecision.get(s.decision) ?? []), s.cost]);
    expect(byDecision.size).toBeGreaterThan(3);
    expect(byDecision.size).toBeLessThan(episode.decisions * 0.3);
    expect(episode.rollouts).toBe([...byDecision.values()].reduce((n, c) => n + c.length, 0));
    for (const costs of byDecision.values()) {
      expect(costs.length).toBeGreaterThanOrEqual(2);
      expect(Math.abs(costs.reduce((a, b) => a + b, 0))).toBeLessThan(1e-6 * costs.length + 1e-6);
    }
    // Some choices matter: not every labelled decision is a tie.
    expect([...byDecision.values()].some((c) => Math.max(...c) - Math.min(...c) > 1)).toBe(true);
    // Same seed, same labels (the pick of decisions and the rollouts are deterministic).
    const again = runEpisode({ building, traffic, settings, episode: 0 });
    expect(again.samples.map((s) => s.cost)).toEqual(episode.samples.map((s) => s.cost));
  });

  it("reproduce the episode: the rollout of each decision's own choice costs what the episode did", () => {
    const seed = 33;
    const config = runConfigSchema.parse({
      duration: 600,
      warmUp: 0,
      seed,
      drainTime: 0,
      dispatcher: { name: 'eta' },
    });
    const arrivals = generateArrivals(building, traffic, { seed, duration: 600 });
    const decisions: DecisionRecord[] = [];
    const eta = () => createDispatcher(dispatcherConfigSchema.parse({ name: 'eta' }));
    new Simulation(building, arrivals, config, {
      dispatcher: eta(),
      onDecision: (d) => decisions.push(d),
    }).runToEnd();
    const horizon = 100;
    const input = {
      building,
      arrivals,
      config,
      decisions,
      basePolicy: eta,
      seed,
      settings: { horizon, ridingWeight: 0.5, labelShare: 0.2 },
    };
    const picked = labelledDecisions(decisions, seed, 0.2).filter(
      (id) => decisions[id]!.time + horizon <= 600,
    );
    expect(picked.length).toBeGreaterThan(2);
    const { labels } = rolloutAdvantages(input);
    let differs = 0;
    for (const id of picked) {
      const d = decisions[id]!;
      // The episode itself (eta throughout), stopped at the window's end.
      const episode = new Simulation(building, arrivals, config, { dispatcher: eta() });
      episode.advanceTo(d.time + horizon);
      const own = passengerTime(episode.passengerRecords(), d.time, d.time + horizon, 0.5);
      const costs = d.candidates.map((_, c) => rolloutCost(input, id, c));
      expect(costs[d.chosen]).toBe(own);
      // Labels are each candidate's cost minus the decision's mean.
      const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
      labels[id]!.forEach((label, c) => expect(label).toBeCloseTo(costs[c]! - mean, 6));
      if (Math.max(...costs) - Math.min(...costs) > 1e-9) differs++;
    }
    // The choice matters somewhere (otherwise the labels would teach nothing).
    expect(differs).toBeGreaterThan(0);
  });
});
