/**
 * Trains the learned dispatcher's network on candidate rows with measured cost labels (see
 * cost-labels.ts), with TensorFlow.js (@tensorflow/tfjs on its pure-JavaScript CPU backend: no
 * native bindings, no downloads). The library is loaded on first use, so importing this module is cheap.
 *
 * Input: the standardised features plus a 0/1 "chosen" flag; target: cost / targetScale; loss: mean
 * squared error. Validation rows are whole episodes (the last tenth), never mixed with training ones.
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
import { encodeFloat32 } from '../engine/dispatchers/learned.js';

/** Candidate rows, column-major by field; `features` is row-major [rows][featureCount]. */
export interface TrainingRows {
  featureNames: readonly string[];
  features: Float32Array;
  chosen: Uint8Array;
  cost: Float32Array;
  episode: Int32Array;
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

export async function trainNetwork(
  rows: TrainingRows,
  objective: LearnedObjective,
  options: TrainOptions,
): Promise<TrainedNetwork> {
  const started = performance.now();
  const tf = await loadTf();
  const hidden = options.hidden ?? DEFAULT_HIDDEN;
  const batchSize = options.batchSize ?? 1024;
  const f = rows.featureNames.length;
  const n = rows.cost.length;
  const inputs = f + 1;
  const isVal = splitByEpisode(rows.episode, options.validationShare ?? 0.1);
  const trainIdx: number[] = [];
  const valIdx: number[] = [];
  for (let i = 0; i < n; i++) (isVal[i] ? valIdx : trainIdx).push(i);
  if (trainIdx.length === 0) throw new Error('no training rows');

  // Standardisation and target scale from the training rows only.
  const mean = new Float64Array(f);
  const sq = new Float64Array(f);
  let costSum = 0;
  for (const i of trainIdx) {
    for (let k = 0; k < f; k++) {
      const x = rows.features[i * f + k]!;
      mean[k]! += x;
      sq[k]! += x * x;
    }
    costSum += Math.abs(rows.cost[i]!);
  }
  const std = new Float64Array(f);
  for (let k = 0; k < f; k++) {
    mean[k]! /= trainIdx.length;
    const variance = sq[k]! / trainIdx.length - mean[k]! * mean[k]!;
    std[k] = variance > 1e-12 ? Math.sqrt(variance) : 0;
  }
  const targetScale = costSum / trainIdx.length > 0 ? costSum / trainIdx.length : 1;
  // Round to float32 as stored, so training sees exactly what inference will use.
  const meanF = Array.from(mean, Math.fround);
  const stdF = Array.from(std, Math.fround);
  const x = new Float32Array(n * inputs);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < f; k++) {
      const s = stdF[k]!;
      x[i * inputs + k] = s > 0 ? (rows.features[i * f + k]! - meanF[k]!) / s : 0;
    }
    x[i * inputs + f] = rows.chosen[i]!;
    y[i] = rows.cost[i]! / targetScale;
  }

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
  const forward = (input: import('@tensorflow/tfjs').Tensor2D) => {
    let h: import('@tensorflow/tfjs').Tensor2D = input;
    vars.forEach((v, l) => {
      const z = tf.add(tf.matMul(h, v.w), v.b) as import('@tensorflow/tfjs').Tensor2D;
      h = l < vars.length - 1 ? tf.relu(z) : z;
    });
    return h;
  };
  const optimizer = tf.train.adam(options.learningRate ?? 3e-3);

  const batchX = new Float32Array(batchSize * inputs);
  const batchY = new Float32Array(batchSize);
  const order = Int32Array.from(trainIdx);
  const lossOn = (idx: ArrayLike<number>): number => {
    let total = 0;
    for (let start = 0; start < idx.length; start += 4096) {
      const m = Math.min(4096, idx.length - start);
      const bx = new Float32Array(m * inputs);
      const by = new Float32Array(m);
      for (let j = 0; j < m; j++) {
        const i = idx[start + j]!;
        bx.set(x.subarray(i * inputs, (i + 1) * inputs), j * inputs);
        by[j] = y[i]!;
      }
      total += tf.tidy(() => {
        const pred = forward(tf.tensor2d(bx, [m, inputs]));
        return tf.sum(tf.square(tf.sub(tf.reshape(pred, [m]), tf.tensor1d(by)))).dataSync()[0]!;
      });
    }
    return total / idx.length;
  };

  const epochs: TrainingEpoch[] = [];
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
    let batches = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const m = Math.min(batchSize, order.length - start);
      for (let j = 0; j < m; j++) {
        const i = order[start + j]!;
        batchX.set(x.subarray(i * inputs, (i + 1) * inputs), j * inputs);
        batchY[j] = y[i]!;
      }
      const bx = tf.tensor2d(batchX.subarray(0, m * inputs), [m, inputs]);
      const by = tf.tensor1d(batchY.subarray(0, m));
      const loss = optimizer.minimize(
        () =>
          tf.mean(tf.square(tf.sub(tf.reshape(forward(bx), [m]), by))) as import('@tensorflow/tfjs').Scalar,
        true,
      );
      lossSum += loss!.dataSync()[0]! * m;
      batches += m;
      tf.dispose([bx, by, loss!]);
      // Let the event loop breathe (the backend trains in its own process).
      if ((start / batchSize) % yieldEvery === yieldEvery - 1) await yieldNow();
    }
    const record: TrainingEpoch = {
      epoch,
      loss: lossSum / batches,
      valLoss: valIdx.length > 0 ? lossOn(valIdx) : null,
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
  // Mean absolute error of the validation rows, in passenger-seconds.
  let valMae: number | null = null;
  if (valIdx.length > 0) {
    let sum = 0;
    for (let start = 0; start < valIdx.length; start += 4096) {
      const m = Math.min(4096, valIdx.length - start);
      const bx = new Float32Array(m * inputs);
      for (let j = 0; j < m; j++) {
        const i = valIdx[start + j]!;
        bx.set(x.subarray(i * inputs, (i + 1) * inputs), j * inputs);
      }
      const pred = tf.tidy(() => forward(tf.tensor2d(bx, [m, inputs])).dataSync());
      for (let j = 0; j < m; j++) sum += Math.abs(pred[j]! - y[valIdx[start + j]!]!) * targetScale;
    }
    valMae = sum / valIdx.length;
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
      trainRows: trainIdx.length,
      valRows: valIdx.length,
      decisions: rows.decisions,
      valMae,
      seconds: (performance.now() - started) / 1000,
      seed: options.seed,
    },
    library: await trainingLibrary(),
  };
}
