/**
 * The sessions table, and the only code that touches it: the REST side (create, list, read, delete)
 * and the live side (load to host, checkpoints, the command log, the outcome).
 */
import type {
  Building,
  CursorKey,
  LiveSpeed,
  LiveStatus,
  PassengerRecord,
  RunConfig,
  SessionDetail,
  SessionSummary,
  SimulationCommand,
  SimulationResults,
  SimulationSnapshot,
  Traffic,
} from '@hoistway/shared-types';
import { MAX_LIVE_SPEED, MIN_LIVE_SPEED } from '@hoistway/shared-types';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  buildingVersions,
  sessionLeases,
  sessionPassengers,
  sessions,
  type SessionStatus,
} from '@hoistway/shared-types/db';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';
import { JsonList } from '../db/json-page.js';
import { isoText } from '../db/sql-helpers.js';

// Summary fields only: a list never reads the traffic, snapshot or results documents.
const summaryColumns = {
  id: sessions.id,
  buildingId: sessions.buildingId,
  buildingVersion: sessions.buildingVersion,
  status: sessions.status,
  seed: sessions.seed,
  speed: sessions.speed,
  simTime: sessions.simTime,
  dispatcher: sql<SessionSummary['dispatcher']>`${sessions.dispatcher}`,
  trafficKind: sql<SessionSummary['trafficKind']>`${sessions.trafficKind}`,
  trafficTemplate: sql<SessionSummary['trafficTemplate']>`${sessions.trafficTemplate}`,
  ownerId: sessions.ownerId,
  createdAt: isoText(sessions.createdAt),
  updatedAt: isoText(sessions.updatedAt),
};

/** The speed column is a real: "as fast as possible" is stored as 0 (never a valid finite speed). */
export const speedToColumn = (speed: LiveSpeed): number => (speed === 'max' ? 0 : speed);
export const speedFromColumn = (value: number): LiveSpeed =>
  value <= 0 ? 'max' : Math.min(MAX_LIVE_SPEED, Math.max(MIN_LIVE_SPEED, value));

/** A simulation command stamped with the sim time at which it took effect (one command_log entry). */
export interface CommandLogEntry {
  time: number;
  command: SimulationCommand;
}

/** What a live session is started from: its inputs (`config.seed` is the session's seed). */
export interface SessionSpec {
  sessionId: string;
  building: Building;
  traffic: Traffic;
  config: RunConfig;
}

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

/** A running session's state at one sim time, as it is checkpointed. */
export interface SessionCheckpoint {
  sessionId: string;
  time: number;
  status: LiveStatus;
  speed: LiveSpeed;
  snapshot: SimulationSnapshot;
}

/** Passenger records per stored chunk (a few hundred kB of JSON each). */
export const PASSENGER_CHUNK = 2000;

export interface NewSession {
  buildingId: string;
  buildingVersion: number;
  traffic: Traffic;
  config: RunConfig;
  speed: number;
}

export interface ListSessionsQuery {
  limit: number;
  cursor?: CursorKey;
  status?: SessionStatus;
  buildingId?: string;
}

/**
 * The rows a live write may change: the session, and (with backend replicas) only while `replica`
 * holds its lease, so a replica that lost a session to another can no longer write to it.
 */
function hosted(sessionId: string, replica: string | undefined): SQL | undefined {
  const row = eq(sessions.id, sessionId);
  if (replica === undefined) return row;
  return and(
    row,
    sql`exists (select 1 from ${sessionLeases} where ${sessionLeases.sessionId} = ${sessions.id} and ${sessionLeases.owner} = ${replica})`,
  );
}

export class SessionRepository {
  private readonly db: Db;
  private readonly pages: JsonList;

  constructor(database: Database) {
    this.db = database.db;
    this.pages = new JsonList(database, {
      table: sessions,
      fields: summaryColumns,
      filters: [
        { name: 'status', column: sessions.status },
        { name: 'buildingId', column: sessions.buildingId },
      ],
      createdAt: sessions.createdAt,
      id: sessions.id,
    });
  }

  async create(session: NewSession): Promise<SessionDetail> {
    const [row] = await this.db
      .insert(sessions)
      .values({ ...session, seed: session.config.seed })
      .returning({ id: sessions.id });
    return (await this.get(row!.id))!;
  }

  /** A page as JSON text (see db/json-page.ts), in the shape of `sessionPageSchema`. */
  listJson(query: ListSessionsQuery): Promise<string> {
    return this.pages.page({ ...query });
  }

  async get(id: string): Promise<SessionDetail | undefined> {
    const [row] = await this.db
      .select({
        ...summaryColumns,
        traffic: sessions.traffic,
        config: sessions.config,
        commandLog: sessions.commandLog,
        snapshot: sessions.snapshot,
        results: sessions.results,
      })
      .from(sessions)
      .where(eq(sessions.id, id));
    return row;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.db.delete(sessions).where(eq(sessions.id, id)).returning({ id: sessions.id });
    return deleted.length > 0;
  }

  // --- The live side: hosting, checkpoints, the command log and the outcome ---------------------

  /** A session with the building version it runs, ready to host (undefined when it does not exist). */
  async loadForLive(sessionId: string): Promise<StoredSession | undefined> {
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

  /** False when the session no longer exists (deleted meanwhile), or `replica` lost its lease. */
  async saveCheckpoint(cp: SessionCheckpoint, replica?: string): Promise<boolean> {
    const rows = await this.db
      .update(sessions)
      .set({
        simTime: cp.time,
        status: cp.status,
        speed: speedToColumn(cp.speed),
        snapshot: cp.snapshot,
        updatedAt: sql`now()`,
      })
      .where(hosted(cp.sessionId, replica))
      .returning({ id: sessions.id });
    return rows.length > 0;
  }

  /** Appends one command to the stored log (atomically, without rewriting the rest). */
  async appendCommand(sessionId: string, entry: CommandLogEntry, replica?: string): Promise<void> {
    await this.db
      .update(sessions)
      .set({
        commandLog: sql`${sessions.commandLog} || jsonb_build_array(${JSON.stringify(entry)}::jsonb)`,
        simTime: entry.time,
        updatedAt: sql`now()`,
      })
      .where(hosted(sessionId, replica));
  }

  /** Stores the outcome: `stopped` when a person stopped it, else `finished`. */
  async finish(cp: SessionCheckpoint, results: SimulationResults, replica?: string): Promise<void> {
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
      .where(hosted(cp.sessionId, replica));
  }

  /**
   * Stores an ended session's passenger log, a chunk per statement with a turn of the event loop in
   * between, so even a long day's log never holds up other requests (the embedded database runs on
   * this thread).
   */
  async storePassengers(sessionId: string, records: readonly PassengerRecord[]): Promise<void> {
    await this.db.delete(sessionPassengers).where(eq(sessionPassengers.sessionId, sessionId));
    for (let chunk = 0; chunk === 0 || chunk * PASSENGER_CHUNK < records.length; chunk++) {
      const part = records.slice(chunk * PASSENGER_CHUNK, (chunk + 1) * PASSENGER_CHUNK);
      await this.db.insert(sessionPassengers).values({ sessionId, chunk, records: part });
      await nextTurn();
    }
  }

  /** The passenger log stored when the session ended (undefined: no such session; null: none stored). */
  async storedPassengers(sessionId: string): Promise<PassengerRecord[] | null | undefined> {
    const chunks = await this.db
      .select({ records: sessionPassengers.records })
      .from(sessionPassengers)
      .where(eq(sessionPassengers.sessionId, sessionId))
      .orderBy(asc(sessionPassengers.chunk));
    if (chunks.length > 0) return chunks.flatMap((c) => c.records);
    const [exists] = await this.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.id, sessionId));
    return exists ? null : undefined;
  }

  async markFailed(sessionId: string): Promise<void> {
    await this.db
      .update(sessions)
      .set({ status: 'failed', updatedAt: sql`now()` })
      .where(eq(sessions.id, sessionId));
  }
}
