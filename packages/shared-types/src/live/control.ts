import { z } from 'zod';
import { simulationCommandSchema } from '../snapshot.js';
import { positive } from '../validation.js';

export const MIN_LIVE_SPEED = 0.5;
export const MAX_LIVE_SPEED = 1000;

/** Simulated seconds per wall-clock second, or `'max'` for "as fast as possible". */
export const liveSpeedSchema = z.union(
  [z.number().min(MIN_LIVE_SPEED, 'must be >= 0.5').max(MAX_LIVE_SPEED, 'must be <= 1000'), z.literal('max')],
  { error: 'must be a number 0.5..1000 or "max"' },
);
export type LiveSpeed = z.output<typeof liveSpeedSchema>;

/**
 * Every control a live session accepts, over Socket.IO and REST alike (one session manager).
 * `start` and `resume` are the same action: they set a created or paused session running.
 * `step` advances a paused (or created) session by `seconds` of simulated time and leaves it paused.
 * `stop` ends the session where it is; its results are final from then on.
 * The simulation commands (passenger, hallCall, dispatcher) apply at the current sim time.
 */
export const sessionControlSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('start') }),
    z.strictObject({ type: z.literal('resume') }),
    z.strictObject({ type: z.literal('pause') }),
    z.strictObject({
      type: z.literal('step'),
      seconds: positive().max(3600, 'must be <= 3600 s').default(1),
    }),
    z.strictObject({ type: z.literal('speed'), speed: liveSpeedSchema }),
    z.strictObject({ type: z.literal('stop') }),
    ...simulationCommandSchema.options,
  ],
  { error: 'type must be one of start, resume, pause, step, speed, stop, passenger, hallCall, dispatcher' },
);
export type SessionControl = z.output<typeof sessionControlSchema>;
export type SessionControlInput = z.input<typeof sessionControlSchema>;
export type SessionControlType = SessionControl['type'];

/** Control types that are simulation commands (logged with their sim time, replayed on resume). */
export const simulationCommandTypes = ['passenger', 'hallCall', 'dispatcher'] as const;
