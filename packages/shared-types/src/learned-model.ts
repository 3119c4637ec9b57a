/**
 * The learned dispatcher's model: a small multilayer perceptron that predicts, for one candidate car
 * of a dispatch decision, how much more (or less) passenger time giving the call to that car costs
 * than the decision's average candidate (see docs/dispatching.md, "Learned dispatching"). Defined here once: the trainer writes it, the registry stores it, the engine runs it.
 */
import { z } from 'zod';

/** Version tag of the model format; a model of another format is refused with a clear message. */
export const LEARNED_MODEL_FORMAT = 'hoistway-mlp-2';

/** Base64 length of 1024 × 1024 and 1024 float32 values (the largest layer a model may have). */
const MAX_WEIGHTS_BASE64 = Math.ceil((1024 * 1024 * 4) / 3) * 4;
const MAX_BIAS_BASE64 = Math.ceil((1024 * 4) / 3) * 4;
/** Most input features a model may name. */
const MAX_FEATURES = 1024;
const featureNameSchema = z.string().max(100);
const shortText = z.string().max(200);

export const learnedLayerSchema = z.strictObject({
  inputs: z.number().int().min(1).max(1024),
  outputs: z.number().int().min(1).max(1024),
  activation: z.enum(['relu', 'linear']),
  /** Float32 little-endian, row-major [outputs][inputs], base64 (1024 × 1024 floats at most). */
  weights: z.string().max(MAX_WEIGHTS_BASE64),
  /** Float32 little-endian, [outputs], base64. */
  bias: z.string().max(MAX_BIAS_BASE64),
});
export type LearnedLayer = z.output<typeof learnedLayerSchema>;

/** What the model's target measures (stored with the model, shown in docs and the web app). */
export const learnedObjectiveSchema = z.strictObject({
  /** Passenger time counted after a decision, s (every passenger of the building, over this window). */
  horizon: z.number().positive(),
  /** Weight of a riding second relative to a waiting second. */
  ridingWeight: z.number().min(0),
});
export type LearnedObjective = z.output<typeof learnedObjectiveSchema>;

/**
 * The network and its normalisation. Inputs = the candidate's `featureNames` features, then the same
 * features minus their smallest value among the decision's candidates (2 × featureNames inputs, in
 * that order), each standardised as (x − mean) / std with `featureMean` / `featureStd`. Output × targetScale = the predicted advantage of the candidate:
 * passenger-seconds over the horizon if the call goes to it, minus the mean over the decision's
 * candidates (lower is better).
 */
export const learnedNetworkSchema = z.strictObject({
  format: z.literal(LEARNED_MODEL_FORMAT, { error: `model format must be ${LEARNED_MODEL_FORMAT}` }),
  featureNames: z.array(featureNameSchema).min(1).max(MAX_FEATURES),
  featureMean: z.array(z.number()).max(MAX_FEATURES),
  featureStd: z.array(z.number()).max(MAX_FEATURES),
  targetScale: z.number().positive(),
  layers: z.array(learnedLayerSchema).min(1).max(8),
  objective: learnedObjectiveSchema,
});
export type LearnedNetwork = z.output<typeof learnedNetworkSchema>;

/** A registered model as a dispatcher needs it: identity plus network. */
export const learnedModelSpecSchema = z.strictObject({
  id: shortText,
  name: shortText,
  version: z.number().int().min(1),
  network: learnedNetworkSchema,
});
export type LearnedModelSpec = z.output<typeof learnedModelSpecSchema>;

/** Training figures per epoch, for the progress bar, the registry and the training curve. */
export const trainingEpochSchema = z.object({
  epoch: z.number().int(),
  loss: z.number(),
  valLoss: z.number().nullable(),
});
export type TrainingEpoch = z.output<typeof trainingEpochSchema>;

/** Most epochs a model's training curve keeps. */
export const MAX_METRICS_EPOCHS = 10_000;

export const modelMetricsSchema = z.object({
  epochs: z.array(trainingEpochSchema).max(MAX_METRICS_EPOCHS),
  trainRows: z.number().int(),
  valRows: z.number().int(),
  decisions: z.number().int(),
  /** Mean absolute error of the validation rows, in passenger-seconds. */
  valMae: z.number().nullable(),
  seconds: z.number(),
  seed: z.number().int(),
});
export type ModelMetrics = z.output<typeof modelMetricsSchema>;

/**
 * The file `hoistway-sim model export` writes and `model import` (or the web app) reads: everything
 * the registry holds about one model version.
 */
export const MODEL_FILE_KIND = 'hoistway-model';
export const modelFileSchema = z.strictObject({
  kind: z.literal(MODEL_FILE_KIND, { error: `not a Hoistway model file (kind must be ${MODEL_FILE_KIND})` }),
  name: z.string().min(1).max(200),
  version: z.number().int().min(1),
  datasets: z.array(z.object({ id: shortText, name: shortText })).max(100),
  library: shortText,
  metrics: modelMetricsSchema,
  createdAt: z.string().max(64),
  network: learnedNetworkSchema,
});
export type ModelFile = z.output<typeof modelFileSchema>;

/** How a model is named wherever a dispatcher takes one: its id, `name@version`, or `name` (latest). */
export type ModelRef = { id: string } | { name: string; version?: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseModelRef(ref: string): ModelRef {
  const text = ref.trim();
  if (UUID.test(text)) return { id: text.toLowerCase() };
  const at = /^(.+)@(\d+)$/.exec(text);
  if (at) return { name: at[1]!, version: Number(at[2]) };
  return { name: text };
}

/** A model name: letters, digits and . _ - (so it reads well in `learned:NAME` and `name@version`). */
export const modelNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits and . _ - (starting with a letter or digit)');

/** The KPIs an evaluation reports (mean and 95% CI per dispatcher). */
export const evaluationKpiKeys = ['awt', 'attd', 'p95Wait', 'percentWaitsOver60', 'meanSquaredWait'] as const;
export type EvaluationKpiKey = (typeof evaluationKpiKeys)[number];

/** Mean and 95% Student-t interval over seeds (null bounds with fewer than 2 values, null mean with none). */
export const evaluationStatSchema = z.object({
  mean: z.number().nullable(),
  ci95Low: z.number().nullable(),
  ci95High: z.number().nullable(),
  n: z.number().int().min(0),
});
export type EvaluationStat = z.output<typeof evaluationStatSchema>;

/**
 * `hoistway-sim evaluate`: the model against the heuristics on held-out seeds (disjoint from every
 * training seed), paired per seed. Stored in the registry (`models.evaluation`).
 */
export const modelEvaluationSchema = z.object({
  evaluatedAt: z.string(),
  building: z.string(),
  /** The traffic, described (e.g. `lunch template, 12 % per 5 min`). */
  traffic: z.string(),
  duration: z.number(),
  warmUp: z.number(),
  seeds: z.array(z.number().int()),
  /** Dispatcher labels in order: the heuristics, then `learned:NAME@VERSION`. */
  dispatchers: z.array(z.string()),
  learned: z.string(),
  /** KPI → dispatcher label → mean and 95% CI over the seeds. */
  kpis: z.record(z.enum(evaluationKpiKeys), z.record(z.string(), evaluationStatSchema)),
  /** The heuristic with the lowest mean AWT. */
  bestHeuristic: z.string(),
  /** learned − best heuristic, AWT in seconds, paired per seed; `relative` = mean / the heuristic's mean AWT. */
  pairedAwtDifference: evaluationStatSchema.extend({ relative: z.number().nullable() }),
});
export type ModelEvaluation = z.output<typeof modelEvaluationSchema>;
