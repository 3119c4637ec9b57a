import { z } from 'zod';
import { pageQuerySchema, pageSchema, timestampSchema, uuidSchema } from './common.js';

export const datasetSummarySchema = z.object({
  id: uuidSchema,
  name: z.string(),
  buildingName: z.string(),
  featureNames: z.array(z.string()),
  episodesRequested: z.number().int().nullable(),
  episodesCompleted: z.number().int(),
  rowCount: z.number().int(),
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
