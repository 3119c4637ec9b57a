/**
 * Trains the learned dispatcher's network on candidate rows with measured advantage labels (see
 * rollout-labels.ts), with TensorFlow.js (@tensorflow/tfjs on its pure-JavaScript CPU backend: no
 * native bindings, no downloads). The library is loaded on first use, so importing this module is cheap.
 *
 * Input: the standardised network inputs of each candidate (its features, and its features minus
 * the decision's smallest, see candidateInputs); target: advantage / targetScale; loss: the squared
 * error of the predictions centred per decision (a decision's candidates are trained together). Validation rows are whole episodes (the last tenth), never mixed with training ones.
 * Everything random (initial weights, batch order) comes from the seed, so a run is repeatable.
 */
import { createRequire } from 'node:module';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import {
  LEARNED_MODEL_FORMAT,
  type LearnedNetwork,
  type LearnedObjective,
  type ModelMetrics,
  type TrainingEpoch,
} from '@hoistway/shared-types';
import { candidateInputs, encodeFloat32 } from '../engine/dispatchers/learned.js';

/** Candidate rows, column-major by field; `features` is row-major [rows][featureCount]. */
export interface TrainingRows {
  featureNames: readonly string[];
  features: Float32Array;
  /** 1 where the policy that generated the data chose the candidate (reported, not trained on). */
  chosen: Uint8Array;
  /** The measured advantage label, passenger-seconds. */
  cost: Float32Array;
  episode: Int32Array;
  /** Which decision each row belongs to (rows of one decision are adjacent, in candidate order). */
  group: Int32Array;
  /** Distinct decisions the rows come from. */
  decisions: number;
}

export interface TrainOptions {
  epochs: number;
  seed: number;
  hidden?: readonly number[];
  batchSize?: number;
  learningRate?: number;
  /** Share of episodes held out for validation (at least one episode when there are two or more). */
  validationShare?: number;
  onEpoch?: (epoch: TrainingEpoch, total: number) => void | Promise<void>;
  /** Give the event loop a turn every this many batches (a server trains beside its requests). */
  yieldEvery?: number;
}

export interface TrainedNetwork {
  network: LearnedNetwork;
  metrics: ModelMetrics;
  library: string;
}

export const DEFAULT_HIDDEN = [32, 32] as const;

type Tf = typeof import('@tensorflow/tfjs');

let tfPromise: Promise<Tf> | null = null;
/** TensorFlow.js with the CPU backend, loaded once. */
export function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    // The umbrella package's CommonJS build (required, so every loader picks the same one): it
    // registers the gradients that tfjs-core alone lacks.
    const tf = createRequire(import.meta.url)('@tensorflow/tfjs') as Tf;
    // PROD: no debug checks, and no advice to install the native backend (which does not build here).
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  })();
  return tfPromise;
}

export async function trainingLibrary(): Promise<string> {
  const tf = await loadTf();
  return `@tensorflow/tfjs ${tf.version.tfjs} (cpu backend)`;
}

function splitByEpisode(episode: Int32Array, share: number): Uint8Array {
  const episodes = [...new Set(episode)].sort((a, b) => a - b);
  const held = episodes.length >= 2 ? Math.max(1, Math.round(episodes.length * share)) : 0;
  const valEpisodes = new Set(episodes.slice(episodes.length - held));
  return Uint8Array.from(episode, (e) => (valEpisodes.has(e) ? 1 : 0));
}

/** Rows grouped by decision: [start, end) row ranges, in row order. */
function decisionRanges(group: Int32Array): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < group.length;) {
    let j = i + 1;
    while (j < group.length && group[j] === group[i]) j++;
    ranges.push([i, j]);
    i = j;
  }
  return ranges;
}

export async function trainNetwork(
  rows: TrainingRows,
  objective: LearnedObjective,
  options: TrainOptions,
): Promise<TrainedNetwork> {
  const started = performance.now();
  const tf = await loadTf();
  type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
  const hidden = options.hidden ?? DEFAULT_HIDDEN;
  // Decisions per batch (each with all its candidates).
  const batchSize = options.batchSize ?? 256;
  const f = rows.featureNames.length;
  const inputs = 2 * f;
  const isVal = splitByEpisode(rows.episode, options.validationShare ?? 0.1);
  const ranges = decisionRanges(rows.group);
  const width = ranges.reduce((m, [a, b]) => Math.max(m, b - a), 0);
  const trainDecisions: number[] = [];
  const valDecisions: number[] = [];
  ranges.forEach(([a], d) => (isVal[a] ? valDecisions : trainDecisions).push(d));
  if (trainDecisions.length === 0) throw new Error('no training rows');

  // Network inputs per row (features, then features relative to the decision's smallest), raw.
  const raw = new Float32Array(rows.cost.length * inputs);
  for (const [a, b] of ranges) {
    const candidates: number[][] = [];
    for (let i = a; i < b; i++) candidates.push(Array.from(rows.features.subarray(i * f, (i + 1) * f)));
    candidateInputs(candidates).forEach((v, c) => raw.set(v, (a + c) * inputs));
  }
  // Standardisation and target scale from the training rows only.
  const mean = new Float64Array(inputs);
  const sq = new Float64Array(inputs);
  let costSum = 0;
  let trainRows = 0;
  for (const d of trainDecisions) {
    const [a, b] = ranges[d]!;
    for (let i = a; i < b; i++) {
      for (let k = 0; k < inputs; k++) {
        const v = raw[i * inputs + k]!;
        mean[k]! += v;
        sq[k]! += v * v;
      }
      costSum += Math.abs(rows.cost[i]!);
      trainRows++;
    }
  }
  const std = new Float64Array(inputs);
  for (let k = 0; k < inputs; k++) {
    mean[k]! /= trainRows;
    const variance = sq[k]! / trainRows - mean[k]! * mean[k]!;
    std[k] = variance > 1e-12 ? Math.sqrt(variance) : 0;
  }
  const targetScale = costSum / trainRows > 0 ? costSum / trainRows : 1;
  // Round to float32 as stored, so training sees exactly what inference will use.
  const meanF = Array.from(mean, Math.fround);
  const stdF = Array.from(std, Math.fround);
  // Decisions padded to `width` candidates: inputs, labels and a mask of real candidates.
  const x = new Float32Array(ranges.length * width * inputs);
  const y = new Float32Array(ranges.length * width);
  const mask = new Float32Array(ranges.length * width);
  ranges.forEach(([a, b], d) => {
    for (let i = a; i < b; i++) {
      const slot = d * width + (i - a);
      for (let k = 0; k < inputs; k++) {
        const sd = stdF[k]!;
        x[slot * inputs + k] = sd > 0 ? (raw[i * inputs + k]! - meanF[k]!) / sd : 0;
      }
      y[slot] = rows.cost[i]! / targetScale;
      mask[slot] = 1;
    }
  });

  const rng = xoroshiro128plus(options.seed >>> 0);
  const widths = [inputs, ...hidden, 1];
  const vars = widths.slice(1).map((out, l) => {
    const fanIn = widths[l]!;
    const limit = Math.sqrt(6 / fanIn); // He uniform (ReLU layers)
    const w = Float32Array.from({ length: fanIn * out }, () => (uniformFloat64(rng) * 2 - 1) * limit);
    return {
      w: tf.variable(tf.tensor2d(w, [fanIn, out])),
      b: tf.variable(tf.zeros([out])),
    };
  });
  const forward = (input: Tensor2D) => {
    let h: Tensor2D = input;
    vars.forEach((v, l) => {
      const z = tf.add(tf.matMul(h, v.w), v.b) as Tensor2D;
      h = l < vars.length - 1 ? tf.relu(z) : z;
    });
    return h;
  };
  /**
   * Squared error of the predictions centred per decision (labels are advantages: only differences
   * between a decision's candidates are measured, so the network's level per decision is free).
   * Returns the sum over real candidates.
   */
  const decisionLoss = (bx: Tensor2D, by: Tensor2D, bm: Tensor2D, m: number) => {
    const scores = tf.reshape(forward(bx), [m, width]);
    const count = tf.sum(bm, 1, true);
    const centre = tf.div(tf.sum(tf.mul(scores, bm), 1, true), count);
    const error = tf.mul(tf.sub(tf.sub(scores, centre), by), bm);
    return tf.sum(tf.square(error));
  };
  const optimizer = tf.train.adam(options.learningRate ?? 3e-3);

  const batchX = new Float32Array(batchSize * width * inputs);
  const batchY = new Float32Array(batchSize * width);
  const batchM = new Float32Array(batchSize * width);
  const fill = (decisions: ArrayLike<number>, start: number, m: number) => {
    let real = 0;
    for (let j = 0; j < m; j++) {
      const d = decisions[start + j]!;
      batchX.set(x.subarray(d * width * inputs, (d + 1) * width * inputs), j * width * inputs);
      batchY.set(y.subarray(d * width, (d + 1) * width), j * width);
      batchM.set(mask.subarray(d * width, (d + 1) * width), j * width);
      real += ranges[d]![1] - ranges[d]![0];
    }
    return {
      bx: tf.tensor2d(batchX.subarray(0, m * width * inputs), [m * width, inputs]),
      by: tf.tensor2d(batchY.subarray(0, m * width), [m, width]),
      bm: tf.tensor2d(batchM.subarray(0, m * width), [m, width]),
      real,
    };
  };
  const lossOn = (decisions: ArrayLike<number>): number => {
    let total = 0;
    let real = 0;
    for (let start = 0; start < decisions.length; start += batchSize) {
      const m = Math.min(batchSize, decisions.length - start);
      const batch = fill(decisions, start, m);
      total += tf.tidy(() => decisionLoss(batch.bx, batch.by, batch.bm, m).dataSync()[0]!);
      real += batch.real;
      tf.dispose([batch.bx, batch.by, batch.bm]);
    }
    return total / real;
  };

  const epochs: TrainingEpoch[] = [];
  const order = Int32Array.from(trainDecisions);
  const yieldEvery = Math.max(1, options.yieldEvery ?? 64);
  const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    // Fisher–Yates from the seeded generator.
    for (let i = order.length - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    let lossSum = 0;
    let real = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const m = Math.min(batchSize, order.length - start);
      const batch = fill(order, start, m);
      const loss = optimizer.minimize(
        () =>
          tf.div(
            decisionLoss(batch.bx, batch.by, batch.bm, m),
            batch.real,
          ) as import('@tensorflow/tfjs').Scalar,
        true,
      );
      lossSum += loss!.dataSync()[0]! * batch.real;
      real += batch.real;
      tf.dispose([batch.bx, batch.by, batch.bm, loss!]);
      // Let the event loop breathe (the backend trains in its own process).
      if ((start / batchSize) % yieldEvery === yieldEvery - 1) await yieldNow();
    }
    const record: TrainingEpoch = {
      epoch,
      loss: lossSum / real,
      valLoss: valDecisions.length > 0 ? lossOn(valDecisions) : null,
    };
    epochs.push(record);
    await options.onEpoch?.(record, options.epochs);
  }

  const layers = vars.map((v, l) => {
    const fanIn = widths[l]!;
    const out = widths[l + 1]!;
    const w = v.w.dataSync() as Float32Array; // [fanIn][out]
    const rowMajor = new Float32Array(out * fanIn); // [out][fanIn]
    for (let i = 0; i < fanIn; i++) for (let o = 0; o < out; o++) rowMajor[o * fanIn + i] = w[i * out + o]!;
    return {
      inputs: fanIn,
      outputs: out,
      activation: l < vars.length - 1 ? ('relu' as const) : ('linear' as const),
      weights: encodeFloat32(rowMajor),
      bias: encodeFloat32(v.b.dataSync() as Float32Array),
    };
  });
  // Mean absolute error of the validation rows' centred predictions, in passenger-seconds.
  let valMae: number | null = null;
  let valRows = 0;
  if (valDecisions.length > 0) {
    let sum = 0;
    for (let start = 0; start < valDecisions.length; start += batchSize) {
      const m = Math.min(batchSize, valDecisions.length - start);
      const batch = fill(valDecisions, start, m);
      const error = tf.tidy(() => {
        const scores = tf.reshape(forward(batch.bx), [m, width]);
        const centre = tf.div(tf.sum(tf.mul(scores, batch.bm), 1, true), tf.sum(batch.bm, 1, true));
        return tf.sum(tf.abs(tf.mul(tf.sub(tf.sub(scores, centre), batch.by), batch.bm))).dataSync()[0]!;
      });
      sum += error * targetScale;
      valRows += batch.real;
      tf.dispose([batch.bx, batch.by, batch.bm]);
    }
    valMae = sum / valRows;
  }
  for (const v of vars) tf.dispose([v.w, v.b]);
  optimizer.dispose();

  return {
    network: {
      format: LEARNED_MODEL_FORMAT,
      featureNames: [...rows.featureNames],
      featureMean: meanF,
      featureStd: stdF,
      targetScale,
      layers,
      objective,
    },
    metrics: {
      epochs,
      trainRows,
      valRows,
      decisions: rows.decisions,
      valMae,
      seconds: (performance.now() - started) / 1000,
      seed: options.seed,
    },
    library: await trainingLibrary(),
  };
}
