/**
 * A training job's network is fitted in a worker thread (the consuming process's event loop stays
 * free): the thread gives exactly the weights of training in this thread, posts every epoch, and an
 * abort stops it. Needs the built thread module (skipped with a message otherwise).
 */
import { existsSync } from 'node:fs';
import { decisionFeatureNames, type TrainingEpoch } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { TRAINING_THREAD_PATH, createThreadTrainingExecutor } from '../src/jobs/training-executor.js';
import { trainNetwork, type TrainingRows } from '../src/training/train-network.js';

const objective = { horizon: 300, ridingWeight: 0.5 };

const built = existsSync(TRAINING_THREAD_PATH);
if (!built) console.warn(`skipping training-thread tests: ${TRAINING_THREAD_PATH} is not built`);

/** Rows of 6 episodes whose cost is a known function of the features (deterministic). */
function syntheticRows(): TrainingRows {
  const f = decisionFeatureNames.length;
  const n = 600;
  const features = new Float32Array(n * f);
  const cost = new Float32Array(n);
  const chosen = new Uint8Array(n);
  const episode = new Int32Array(n);
  // Decisions of two candidates each.
  const group = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 2));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < f; k++) features[i * f + k] = ((i * 31 + k * 17) % 97) / 10;
    cost[i] = 5 + 3 * features[i * f]! + features[i * f + 1]!;
    chosen[i] = i % 2;
    episode[i] = Math.floor(i / 100);
  }
  return {
    featureNames: [...decisionFeatureNames],
    features,
    cost,
    chosen,
    episode,
    group,
    decisions: n / 2,
  };
}

describe.skipIf(!built)('training in a worker thread', () => {
  it('gives the weights of training in this thread and posts every epoch', async () => {
    const options = { epochs: 3, seed: 5 };
    const local = await trainNetwork(syntheticRows(), objective, options);
    const epochs: TrainingEpoch[] = [];
    const threaded = await createThreadTrainingExecutor().train(
      { rows: syntheticRows(), objective: objective, options },
      (e) => epochs.push(e),
      new AbortController().signal,
    );
    expect(threaded.network).toEqual(local.network);
    expect(epochs).toEqual(local.metrics.epochs);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  }, 60_000);

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const training = createThreadTrainingExecutor().train(
      { rows: syntheticRows(), objective: objective, options: { epochs: 200, seed: 1 } },
      () => controller.abort(new Error('cancelled in the test')),
      controller.signal,
    );
    await expect(training).rejects.toThrow('cancelled in the test');
  }, 60_000);
});
