import { availableParallelism } from 'node:os';
import { DEFAULT_FRAME_RATE } from '@hoistway/shared-types';
import { z } from 'zod';

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const int = (min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).optional());

/** Live-session settings from the environment (documented in the backend README). */
export const liveEnvSchema = z.object({
  /** Frames per second sent to viewers (default 10). */
  LIVE_FRAME_RATE: int(1, 60),
  /** Worker threads hosting live sessions; 0 = the main thread (default: CPU count − 1, at least 1). */
  LIVE_WORKERS: int(0, 64),
  /** Wall milliseconds between checkpoints of a running session (default 2000). */
  LIVE_CHECKPOINT_MS: int(100, 60_000),
});

export interface LiveSettings {
  frameRate: number;
  workers: number;
  checkpointMs: number;
  fastBudgetMs: number;
}

export function liveSettingsFromEnv(env: Record<string, string | undefined> = process.env): LiveSettings {
  const parsed = liveEnvSchema.parse(env);
  const frameRate = parsed.LIVE_FRAME_RATE ?? DEFAULT_FRAME_RATE;
  return {
    frameRate,
    workers: parsed.LIVE_WORKERS ?? Math.max(1, availableParallelism() - 1),
    checkpointMs: parsed.LIVE_CHECKPOINT_MS ?? 2000,
    // Fast sessions may use up to half of each frame period on their thread.
    fastBudgetMs: 500 / frameRate,
  };
}
