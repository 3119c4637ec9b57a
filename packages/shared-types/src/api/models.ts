import { z } from 'zod';
import {
  learnedObjectiveSchema,
  modelEvaluationSchema,
  modelMetricsSchema,
  modelNameSchema,
} from '../learned-model.js';
import { positiveInt } from '../validation.js';
import { timestampSchema, uuidSchema } from './common.js';

export const modelStatusNames = ['training', 'ready', 'failed'] as const;

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
