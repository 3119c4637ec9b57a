import { z } from 'zod';
import { allDispatcherNames } from '../dispatcher.js';
import { runConfigSchema } from '../run-config.js';
import { apiTrafficSchema, trafficSchema, trafficTemplateNames } from '../traffic.js';
import { positive } from '../validation.js';
import { pageQuerySchema, pageSchema, timestampSchema, uuidSchema, versionSchema } from './common.js';

export const sessionStatusNames = ['created', 'running', 'paused', 'finished', 'failed', 'stopped'] as const;
export const sessionStatusSchema = z.enum(sessionStatusNames, {
  error: `must be one of ${sessionStatusNames.join(', ')}`,
});

export const MIN_SESSION_SPEED = 0.01;
export const MAX_SESSION_SPEED = 1000;

export const createSessionBodySchema = z.strictObject({
  buildingId: uuidSchema,
  /** Defaults to the building's current version. */
  buildingVersion: versionSchema.optional(),
  /** Defaults to the building's default traffic, else the global default. */
  traffic: apiTrafficSchema.optional(),
  /** Duration, warm-up, seed and dispatcher. */
  config: runConfigSchema.optional(),
  /** Simulated seconds per wall-clock second. */
  speed: positive()
    .min(MIN_SESSION_SPEED, `must be >= ${MIN_SESSION_SPEED}`)
    .max(MAX_SESSION_SPEED, `must be <= ${MAX_SESSION_SPEED}`)
    .default(1),
});
export type CreateSessionBody = z.input<typeof createSessionBodySchema>;

export const sessionSummarySchema = z.object({
  id: uuidSchema,
  buildingId: uuidSchema,
  buildingVersion: z.number().int(),
  status: sessionStatusSchema,
  seed: z.number().int(),
  speed: z.number(),
  simTime: z.number(),
  dispatcher: z.enum(allDispatcherNames),
  trafficKind: z.enum(['template', 'od', 'passengers']),
  trafficTemplate: z.enum(trafficTemplateNames).nullable(),
  /** The account that created it (null: made by the CLI, before accounts, or by the local user). */
  ownerId: uuidSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type SessionSummary = z.output<typeof sessionSummarySchema>;

export const sessionDetailSchema = sessionSummarySchema.extend({
  traffic: trafficSchema,
  config: runConfigSchema,
  commandLog: z.array(z.object({ time: z.number(), command: z.unknown() })),
  /** Latest SimulationSnapshot (live sessions), or null. */
  snapshot: z.unknown().nullable(),
  /** SimulationResults once finished, or null. */
  results: z.unknown().nullable(),
});
export type SessionDetail = z.output<typeof sessionDetailSchema>;

export const sessionListQuerySchema = pageQuerySchema.extend({
  status: sessionStatusSchema.optional(),
  buildingId: uuidSchema.optional(),
});
export const sessionPageSchema = pageSchema(sessionSummarySchema);
