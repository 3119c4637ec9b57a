import { z } from 'zod';
import { apiTrafficSchema } from '../traffic.js';
import { pageQuerySchema, pageSchema, timestampSchema, uuidSchema } from './common.js';

export const datasetSummarySchema = z.object({
  id: uuidSchema,
  name: z.string(),
  buildingName: z.string(),
  featureNames: z.array(z.string()),
  episodesRequested: z.number().int().nullable(),
  episodesCompleted: z.number().int(),
  rowCount: z.number().int(),
  /** The account that created it (null: made by the CLI, before accounts, or by the local user). */
  ownerId: uuidSchema.nullable(),
  createdAt: timestampSchema.nullable(),
  updatedAt: timestampSchema.nullable(),
});
export type DatasetSummary = z.output<typeof datasetSummarySchema>;

export const featureStatSchema = z.object({
  name: z.string(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
});
export type FeatureStat = z.output<typeof featureStatSchema>;

export const datasetDetailSchema = datasetSummarySchema.extend({
  config: z.record(z.string(), z.unknown()),
  traffic: z.unknown(),
  /** Per-feature statistics over `sampledRows` rows (the first rows of the dataset for large ones). */
  featureSummary: z.array(featureStatSchema),
  sampledRows: z.number().int(),
  /** Rows per policy that made the choice (a dispatcher name or `random`), and how many were chosen. */
  policies: z.array(z.object({ policy: z.string(), rows: z.number().int(), chosen: z.number().int() })),
  decisions: z.number().int(),
});
export type DatasetDetail = z.output<typeof datasetDetailSchema>;

export const datasetListQuerySchema = pageQuerySchema;
export const datasetPageSchema = pageSchema(datasetSummarySchema);

export const MAX_WEB_EPISODES = 20;

/**
 * Generate a small dataset on the server (the web app's "generate"): `episodes` exploration episodes
 * of `duration` s on a building. Large datasets belong to `hoistway-sim generate`.
 */
export const generateDatasetBodySchema = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  buildingId: uuidSchema,
  /** Defaults to the building's default traffic. */
  traffic: apiTrafficSchema.optional(),
  episodes: z.number().int().min(1).max(MAX_WEB_EPISODES, `must be <= ${MAX_WEB_EPISODES}`).default(4),
  duration: z.number().min(60, 'must be >= 60 s').max(3600, 'must be <= 3600 s').default(1800),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(1000),
  epsilon: z.number().min(0).max(1).default(0.2),
});
export type GenerateDatasetBody = z.input<typeof generateDatasetBodySchema>;
