import { z } from 'zod';
import { dispatcherConfigSchema } from './dispatcher.js';
import { nonNegative, positive } from './validation.js';

export const MAX_SEED = 2 ** 32 - 1;
export const seedSchema = z
  .number()
  .int('must be an integer')
  .min(0, 'must be >= 0')
  .max(MAX_SEED, `must be <= ${MAX_SEED}`);

export const runConfigSchema = z
  .strictObject({
    /** Simulated time, s (including warm-up). */
    duration: positive()
      .max(7 * 86_400, 'must be <= 604800 s (a week)')
      .default(3600),
    /** Leading period excluded from KPIs, s (default 5 minutes: a run starts with empty cars at their home floors, which flatters short runs). */
    warmUp: nonNegative().default(300),
    seed: seedSchema.default(1),
    dispatcher: dispatcherConfigSchema.default({ name: 'eta', ridingWeight: 0.5 }),
    /** Keep simulating after `duration` (no new arrivals) until everyone is delivered, at most this long, s. */
    drainTime: nonNegative().max(86_400).default(0),
  })
  .refine((c) => c.warmUp < c.duration, { path: ['warmUp'], message: 'must be shorter than duration' });
export type RunConfig = z.output<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;
