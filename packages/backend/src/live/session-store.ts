import type { LiveSpeed, LiveStatus, SimulationResults, SimulationSnapshot } from '@hoistway/shared-types';
import { MAX_LIVE_SPEED, MIN_LIVE_SPEED } from '@hoistway/shared-types';
import { buildingVersions, sessions } from '@hoistway/shared-types/db';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import type { CommandLogEntry } from './command-log.js';
import type { SessionSpec } from './live-simulation.js';
import type { Checkpoint } from './session-runner.js';

/** The speed column is a real: "as fast as possible" is stored as 0 (never a valid finite speed). */
export const speedToColumn = (speed: LiveSpeed): number => (speed === 'max' ? 0 : speed);
export const speedFromColumn = (value: number): LiveSpeed =>
  value <= 0 ? 'max' : Math.min(MAX_LIVE_SPEED, Math.max(MIN_LIVE_SPEED, value));

/** A session as the live layer needs it: its inputs, log and last checkpoint. */
export interface StoredSession {
  spec: SessionSpec;
  status: LiveStatus;
  speed: LiveSpeed;
  simTime: number;
  commandLog: CommandLogEntry[];
  snapshot: SimulationSnapshot | null;
  results: SimulationResults | null;
}

/** The sessions table, as the live layer reads and writes it (checkpoints, command log, outcome). */
export class LiveSessionStore {
  constructor(private readonly db: Db) {}

  async load(sessionId: string): Promise<StoredSession | undefined> {
    const [row] = await this.db
      .select({ session: sessions, building: buildingVersions.definition })
      .from(sessions)
      .innerJoin(
        buildingVersions,
        and(
          eq(buildingVersions.buildingId, sessions.buildingId),
          eq(buildingVersions.version, sessions.buildingVersion),
        ),
      )
      .where(eq(sessions.id, sessionId));
    if (!row) return undefined;
    const s = row.session;
    return {
      spec: {
        sessionId: s.id,
        building: row.building,
        traffic: s.traffic,
        config: { ...s.config, seed: s.seed },
      },
      status: s.status,
      speed: speedFromColumn(s.speed),
      simTime: s.simTime,
      commandLog: s.commandLog,
      snapshot: s.snapshot ?? null,
      results: s.results ?? null,
    };
  }

  /** Sessions that were running when the backend last stopped (they resume by themselves). */
  async runningIds(): Promise<string[]> {
    const rows = await this.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.status, 'running'))
      .orderBy(sessions.createdAt);
    return rows.map((r) => r.id);
  }

  /** False when the session no longer exists (deleted meanwhile). */
  async saveCheckpoint(cp: Checkpoint): Promise<boolean> {
    const rows = await this.db
      .update(sessions)
      .set({
        simTime: cp.time,
        status: cp.status,
        speed: speedToColumn(cp.speed),
        snapshot: cp.snapshot,
        updatedAt: sql`now()`,
      })
      .where(eq(sessions.id, cp.sessionId))
      .returning({ id: sessions.id });
    return rows.length > 0;
  }

  /** Appends one command to the stored log (atomically, without rewriting the rest). */
  async appendCommand(sessionId: string, entry: CommandLogEntry): Promise<void> {
    await this.db
      .update(sessions)
      .set({
        commandLog: sql`${sessions.commandLog} || jsonb_build_array(${JSON.stringify(entry)}::jsonb)`,
        simTime: entry.time,
        updatedAt: sql`now()`,
      })
      .where(eq(sessions.id, sessionId));
  }

  async finish(cp: Checkpoint, results: SimulationResults): Promise<void> {
    await this.db
      .update(sessions)
      .set({
        simTime: cp.time,
        status: cp.status === 'stopped' ? 'stopped' : 'finished',
        speed: speedToColumn(cp.speed),
        snapshot: cp.snapshot,
        results,
        updatedAt: sql`now()`,
      })
      .where(eq(sessions.id, cp.sessionId));
  }

  async markFailed(sessionId: string): Promise<void> {
    await this.db
      .update(sessions)
      .set({ status: 'failed', updatedAt: sql`now()` })
      .where(eq(sessions.id, sessionId));
  }
}
