/**
 * The learned dispatcher: training finds a known best candidate, a model survives save → load with
 * identical predictions, learned runs are deterministic, a model of other features is refused, and
 * the measured cost labels count what they say.
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
import { simulate } from '../src/engine/simulate.js';
import type { DecisionRecord } from '../src/engine/types.js';
import { generateArrivals } from '../src/traffic/generate.js';
import { candidateCosts } from '../src/training/cost-labels.js';
import { parseModelFile } from '../src/training/model-registry.js';
import { trainNetwork, type TrainingRows } from '../src/training/train-network.js';
import { exampleBuilding } from './helpers/runs.js';

const F = decisionFeatureNames.length;

/**
 * Decisions of 3 candidates with random features. A candidate's cost when not chosen is 20·x1 (what
 * its car costs anyway); when chosen, 20·x1 + 30·x0 + 10. So the added cost is 30·x0 + 10 and the
 * best candidate is the one with the smallest x0, whatever x1 says (x1 alone would mislead).
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
    decisions,
    x: [] as number[][][],
  };
  for (let d = 0; d < decisions; d++) {
    const pick = Math.floor(uniformFloat64(rng) * 3);
    const cands: number[][] = [];
    for (let c = 0; c < 3; c++) {
      const i = d * 3 + c;
      const x = Array.from({ length: F }, () => Math.fround(uniformFloat64(rng)));
      cands.push(x);
      rows.features.set(x, i * F);
      rows.chosen[i] = c === pick ? 1 : 0;
      rows.cost[i] = 20 * x[1]! + (c === pick ? 30 * x[0]! + 10 : 0);
      rows.episode[i] = Math.floor(d / 100);
    }
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
    for (const cands of test.x) {
      const best = cands.reduce((b, x, i) => (x[0]! < cands[b]![0]! ? i : b), 0);
      const scores = cands.map((x) => runner.addedCost(x));
      const picked = scores.indexOf(Math.min(...scores));
      if (picked === best) right++;
    }
    // Near-ties in x0 may go either way; nearly all must be right (chance is one in three).
    expect(right / test.x.length).toBeGreaterThan(0.9);
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
      for (const x of cands) {
        expect(after.predict(x, 1)).toBe(before.predict(x, 1));
        expect(after.predict(x, 0)).toBe(before.predict(x, 0));
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
    expect(() => createDispatcher(config)).toThrow(/missing waitingInGroup; unknown timeOfDay/);
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

describe('cost labels', () => {
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
  const decision = (id: number, time: number, chosen: number): DecisionRecord => ({
    id,
    time,
    group: 0,
    call: { floor: 0, direction: 'up', destination: null },
    candidates: [
      { carId: 'A1', features: [] },
      { carId: 'A2', features: [] },
    ],
    chosen,
    dispatcher: 'test',
  });

  it('count own passengers on the chosen row and riders already on each car on every row', () => {
    // p0 rides A1 from 5 to 25; p1 (decision 0's own) waits 10..30 for A1, rides to 50;
    // p2 never boards (decision 1 holds its call, chosen A2), censored at the end (100).
    const records = [
      rec({ arrival: 0, boardDoorOpen: 5, alightDoorOpen: 25, car: 'A1' }),
      rec({ arrival: 10, boardDoorOpen: 30, alightDoorOpen: 50, car: 'A1' }),
      rec({ arrival: 60 }),
    ];
    const costs = candidateCosts(records, [null, 0, 1], [decision(0, 10, 0), decision(1, 60, 1)], 100, {
      horizon: 240,
      ridingWeight: 0.5,
    });
    // Decision 0 at t=10: A1 has p0 riding 10..25 (15 s × 0.5), plus own p1: wait 20 + ride 20 × 0.5.
    expect(costs[0]).toEqual([7.5 + 30, 0]);
    // Decision 1 at t=60: nobody else on A1 or A2; own p2 waits 60..100 on A2.
    expect(costs[1]).toEqual([0, 40]);
  });

  it('leave out a chosen row whose decision served nobody', () => {
    const costs = candidateCosts([], [], [decision(0, 0, 1)], 100);
    expect(costs[0]).toEqual([0, null]);
  });
});
