import { availableParallelism } from 'node:os';
import { DEFAULT_FRAME_RATE } from '@hoistway/shared-types';
import type { Config } from '../config.js';
import type { LiveClock } from './live-clock.js';

export interface LiveSettings {
  frameRate: number;
  workers: number;
  checkpointMs: number;
  fastBudgetMs: number;
  /** Tests only (never from the configuration): the clock of in-process hosts (workers = 0). */
  clock?: LiveClock;
}

/** Live-session settings from the LIVE_* variables of the one backend configuration (config.ts). */
export function liveSettingsFrom(
  config: Pick<Config, 'LIVE_FRAME_RATE' | 'LIVE_WORKERS' | 'LIVE_CHECKPOINT_MS'>,
): LiveSettings {
  const frameRate = config.LIVE_FRAME_RATE ?? DEFAULT_FRAME_RATE;
  return {
    frameRate,
    workers: config.LIVE_WORKERS ?? Math.max(1, availableParallelism() - 1),
    checkpointMs: config.LIVE_CHECKPOINT_MS ?? 2000,
    // Fast sessions may use up to half of each frame period on their thread.
    fastBudgetMs: 500 / frameRate,
  };
}
