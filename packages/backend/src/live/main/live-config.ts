import { availableParallelism } from 'node:os';
import { DEFAULT_FRAME_RATE } from '@hoistway/shared-types';
import type { Config } from '../../config.js';
import type { LiveClock } from '../live-clock.js';

export interface LiveSettings {
  frameRate: number;
  workers: number;
  checkpointMs: number;
  /** Sim seconds between checkpoints of a running session (besides checkpointMs of wall time). */
  checkpointSimSeconds: number;
  fastBudgetMs: number;
  /** Replicas on PostgreSQL: a lease on a hosted session lasts this long unless renewed (ms). */
  leaseMs: number;
  /** Replicas on PostgreSQL: how often leases are renewed and orphaned sessions looked for (ms). */
  heartbeatMs: number;
  /** This replica's id in the leases (default: host name, process id and a random part). */
  replicaId?: string;
  /** Tests only (never from the configuration): the clock of in-process hosts (workers = 0). */
  clock?: LiveClock;
}

/** Live-session settings from the LIVE_* variables of the one backend configuration (config.ts). */
export function liveSettingsFrom(
  config: Pick<
    Config,
    | 'LIVE_FRAME_RATE'
    | 'LIVE_WORKERS'
    | 'LIVE_CHECKPOINT_MS'
    | 'LIVE_CHECKPOINT_SIM_SECONDS'
    | 'LIVE_LEASE_MS'
    | 'LIVE_LEASE_HEARTBEAT_MS'
  >,
): LiveSettings {
  const frameRate = config.LIVE_FRAME_RATE ?? DEFAULT_FRAME_RATE;
  return {
    frameRate,
    workers: config.LIVE_WORKERS ?? Math.max(1, availableParallelism() - 1),
    checkpointMs: config.LIVE_CHECKPOINT_MS ?? 2000,
    checkpointSimSeconds: config.LIVE_CHECKPOINT_SIM_SECONDS ?? 60,
    leaseMs: config.LIVE_LEASE_MS ?? 6000,
    heartbeatMs: config.LIVE_LEASE_HEARTBEAT_MS ?? 2000,
    // Fast sessions may use up to half of each frame period on their thread.
    fastBudgetMs: 500 / frameRate,
  };
}
