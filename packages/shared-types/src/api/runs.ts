import { z } from 'zod';
import { dispatcherConfigSchema } from '../dispatcher.js';
import { seedSchema } from '../run-config.js';
import { apiTrafficSchema } from '../traffic.js';
import { nonNegative, positive } from '../validation.js';
import { pageQuerySchema, pageSchema, timestampSchema, uuidSchema, versionSchema } from './common.js';

export const runStatusNames = ['queued', 'running', 'finished', 'cancelled', 'failed'] as const;
export const runStatusSchema = z.enum(runStatusNames, {
  error: `must be one of ${runStatusNames.join(', ')}`,
});

export const MAX_RUN_TASKS = 400;

/** A dispatcher comparison: every dispatcher runs once per seed on the same building and traffic. */
export const createRunBodySchema = z
  .strictObject({
    buildingId: uuidSchema,
    buildingVersion: versionSchema.optional(),
    traffic: apiTrafficSchema.optional(),
    dispatchers: z
      .array(dispatcherConfigSchema)
      .min(1, 'must list at least one dispatcher')
      .max(10, 'must list at most 10'),
    seeds: z.array(seedSchema).min(1, 'must list at least one seed').max(100, 'must list at most 100'),
    duration: positive()
      .max(7 * 86_400, 'must be <= 604800 s (a week)')
      .default(3600),
    warmUp: nonNegative().default(300),
    drainTime: nonNegative().max(86_400).default(0),
  })
  .superRefine((body, ctx) => {
    if (body.warmUp >= body.duration)
      ctx.addIssue({ code: 'custom', path: ['warmUp'], message: 'must be shorter than duration' });
    const seen = new Set<number>();
    body.seeds.forEach((seed, i) => {
      if (seen.has(seed))
        ctx.addIssue({ code: 'custom', path: ['seeds', i], message: `duplicate seed ${seed}` });
      seen.add(seed);
    });
    const tasks = body.dispatchers.length * body.seeds.length;
    if (tasks > MAX_RUN_TASKS)
      ctx.addIssue({
        code: 'custom',
        path: ['seeds'],
        message: `dispatchers × seeds must be <= ${MAX_RUN_TASKS} (is ${tasks})`,
      });
  });
export type CreateRunBody = z.input<typeof createRunBodySchema>;
export type RunRequest = z.output<typeof createRunBodySchema>;

export const runProgressSchema = z.object({ done: z.number().int(), total: z.number().int() });

export const runSummarySchema = z.object({
  id: uuidSchema,
  buildingId: uuidSchema,
  buildingVersion: z.number().int(),
  status: runStatusSchema,
  progress: runProgressSchema,
  error: z.string().nullable(),
  /** The account that created it (null: made by the CLI, before accounts, or by the local user). */
  ownerId: uuidSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  startedAt: timestampSchema.nullable(),
  finishedAt: timestampSchema.nullable(),
});
export type RunSummary = z.output<typeof runSummarySchema>;

export const kpiStatSchema = z.object({
  /** null when no run had a value. */
  mean: z.number().nullable(),
  ci95Low: z.number().nullable(),
  ci95High: z.number().nullable(),
  n: z.number().int(),
});

/** Nearest-rank quantiles of the waits pooled over every seed of one dispatcher, s. */
export const waitQuantilesSchema = z.object({
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
});
export type WaitQuantiles = z.output<typeof waitQuantilesSchema>;

/**
 * Waits of the counted passengers of every seed of one dispatcher, pooled: a histogram fine enough to
 * draw a CDF (bin k counts waits in [k·binWidth, (k+1)·binWidth); the last bin holds the longest wait)
 * and exact quantiles (null when nobody was counted).
 */
export const waitDistributionSchema = z.object({
  count: z.number().int(),
  binWidth: z.number().positive(),
  counts: z.array(z.number().int()),
  quantiles: waitQuantilesSchema.nullable(),
});
export type WaitDistribution = z.output<typeof waitDistributionSchema>;

/** One 5-minute period averaged over seeds (each seed weighs the same, like the KPI means). */
export const averagedPeriodSchema = z.object({
  /** Period start, s. */
  start: z.number(),
  /** Mean arrivals per seed in this period. */
  arrivals: z.number(),
  /** Mean over the seeds that had a value; null if none had. */
  awt: z.number().nullable(),
  attd: z.number().nullable(),
  /** Seeds whose run reached this period. */
  runs: z.number().int(),
});
export type AveragedPeriod = z.output<typeof averagedPeriodSchema>;

export const dispatcherDistributionsSchema = z.object({
  waits: waitDistributionSchema,
  series: z.array(averagedPeriodSchema),
});
export type DispatcherDistributions = z.output<typeof dispatcherDistributionsSchema>;

/** Results of a finished comparison. */
export const runResultsSchema = z.object({
  /** Label of each dispatcher (its name, numbered when a name repeats), in request order. */
  dispatchers: z.array(z.object({ label: z.string(), config: dispatcherConfigSchema })),
  /** KPI → dispatcher label → mean and 95% CI over the seeds. */
  summary: z.record(z.string(), z.record(z.string(), kpiStatSchema)),
  /** Dispatcher label → pooled wait distribution and per-5-minute series (absent in older runs). */
  distributions: z.record(z.string(), dispatcherDistributionsSchema).optional(),
  /**
   * Group → dispatcher label → mean and 95% CI of that group's interval over the seeds (absent in
   * older runs).
   */
  groupIntervals: z.record(z.string(), z.record(z.string(), kpiStatSchema)).optional(),
  /**
   * Schema version of the simulation results the KPIs come from (SimulationResults.schemaVersion).
   * Absent in older runs, whose waiting KPIs left out the passengers still waiting at the end.
   */
  resultsSchemaVersion: z.number().int().optional(),
  /** One entry per (dispatcher, seed): its numeric KPIs (KpiSummary). */
  runs: z.array(
    z.object({
      dispatcher: z.string(),
      seed: z.number().int(),
      kpis: z.record(z.string(), z.number().nullable()),
      /** Whether the run ended saturated (KpiSummary.saturated; absent in older runs). */
      saturated: z.boolean().optional(),
    }),
  ),
});
export type RunResults = z.output<typeof runResultsSchema>;

export const runDetailSchema = runSummarySchema.extend({
  request: createRunBodySchema,
  results: runResultsSchema.nullable(),
});
export type RunDetail = z.output<typeof runDetailSchema>;

export const runListQuerySchema = pageQuerySchema.extend({ status: runStatusSchema.optional() });
export const runPageSchema = pageSchema(runSummarySchema);
