import { z } from 'zod';
import {
  learnedObjectiveSchema,
  modelEvaluationSchema,
  modelMetricsSchema,
  modelNameSchema,
} from '../learned-model.js';
import { MAX_SEED, seedSchema } from '../run-config.js';
import { apiTrafficSchema } from '../traffic.js';
import { nonNegative, positive, positiveInt } from '../validation.js';
import { timestampSchema, uuidSchema, versionSchema } from './common.js';
import { MAX_RUN_TASKS, runProgressSchema, runStatusSchema } from './runs.js';

/** `cancelled`: a training job stopped by POST /api/models/:id/cancel (it has no weights). */
export const modelStatusNames = ['training', 'ready', 'failed', 'cancelled'] as const;

/** The latest evaluation run of a model (a comparison against the heuristics), for its progress. */
export const modelEvaluationRunSchema = z.object({
  id: uuidSchema,
  status: runStatusSchema,
  progress: runProgressSchema,
  error: z.string().nullable(),
});
export type ModelEvaluationRun = z.output<typeof modelEvaluationRunSchema>;

/** A registered model as lists show it (no weights). */
export const modelSummarySchema = z.object({
  id: uuidSchema,
  name: z.string(),
  version: z.number().int(),
  status: z.enum(modelStatusNames),
  datasets: z.array(z.object({ id: z.string(), name: z.string() })),
  featureNames: z.array(z.string()),
  library: z.string(),
  /** The account that created it (null: made by the CLI, before accounts, or by the local user). */
  ownerId: uuidSchema.nullable(),
  /** Per-epoch loss and validation loss (grows while training), row counts, validation error. */
  metrics: modelMetricsSchema.nullable(),
  /** Epochs asked for (training jobs started from the web app), for progress. */
  epochsRequested: z.number().int().nullable(),
  objective: learnedObjectiveSchema.nullable(),
  error: z.string().nullable(),
  /** The latest `hoistway-sim evaluate` result against the heuristics on held-out seeds; null until evaluated. */
  evaluation: modelEvaluationSchema.nullable(),
  /** The latest evaluation started from the web app or API (POST /api/models/:id/evaluate); null if none. */
  evaluationRun: modelEvaluationRunSchema.nullable(),
  createdAt: timestampSchema,
});
export type ModelSummary = z.output<typeof modelSummarySchema>;

export const modelListSchema = z.object({ items: z.array(modelSummarySchema) });
export type ModelList = z.output<typeof modelListSchema>;

export const MAX_TRAIN_EPOCHS = 200;

/** Start training a model from a dataset in the background (the response's model has status `training`). */
export const trainModelBodySchema = z.strictObject({
  datasetId: uuidSchema,
  /** Registered as the next version of this name. */
  name: modelNameSchema,
  epochs: positiveInt().max(MAX_TRAIN_EPOCHS, `must be <= ${MAX_TRAIN_EPOCHS}`).default(8),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1),
});
export type TrainModelBody = z.input<typeof trainModelBodySchema>;

/** The heuristics an evaluation runs the model against (the same five as `hoistway-sim evaluate`). */
export const EVALUATION_DISPATCHERS = ['collective', 'nearest', 'sectoring', 'eta', 'destination'] as const;
export const MIN_EVALUATE_SEEDS = 2;
/** Six dispatchers × seeds stay within one comparison run's task limit. */
export const MAX_EVALUATE_SEEDS = Math.floor(MAX_RUN_TASKS / (EVALUATION_DISPATCHERS.length + 1));

/**
 * Evaluate a ready model against the five heuristics on held-out seeds `seedStart .. seedStart + seeds - 1`
 * (none may be a seed of its training episodes). Runs as a comparison; the result is stored with the model.
 */
export const evaluateModelBodySchema = z
  .strictObject({
    buildingId: uuidSchema,
    buildingVersion: versionSchema.optional(),
    /** Default: the building's default traffic. */
    traffic: apiTrafficSchema.optional(),
    seeds: positiveInt()
      .min(MIN_EVALUATE_SEEDS, `must be >= ${MIN_EVALUATE_SEEDS}`)
      .max(MAX_EVALUATE_SEEDS, `must be <= ${MAX_EVALUATE_SEEDS}`),
    seedStart: seedSchema.default(1),
    duration: positive()
      .max(7 * 86_400, 'must be <= 604800 s (a week)')
      .default(3600),
    warmUp: nonNegative().default(300),
  })
  .superRefine((body, ctx) => {
    if (body.warmUp >= body.duration)
      ctx.addIssue({ code: 'custom', path: ['warmUp'], message: 'must be shorter than duration' });
    if (body.seedStart + body.seeds - 1 > MAX_SEED)
      ctx.addIssue({ code: 'custom', path: ['seedStart'], message: `the last seed would pass ${MAX_SEED}` });
  });
export type EvaluateModelBody = z.input<typeof evaluateModelBodySchema>;
export type EvaluateModelRequest = z.output<typeof evaluateModelBodySchema>;
