/** Sessions: what a live simulation needs to start, resume and report (the live part comes later). */
import type { RunConfig, SessionDetail, SessionSummary, Traffic } from '@hoistway/shared-types';
import { sessions, type SessionStatus } from '@hoistway/shared-types/db';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';
import { jsonPage } from '../db/json-page.js';
import { beforeCursor, isoText } from '../db/sql-helpers.js';
import { decodeCursor } from '../http/cursor.js';

// Summary fields are computed in SQL so a list never reads the traffic, snapshot or results documents.
const summaryColumns = {
  id: sessions.id,
  buildingId: sessions.buildingId,
  buildingVersion: sessions.buildingVersion,
  status: sessions.status,
  seed: sessions.seed,
  speed: sessions.speed,
  simTime: sessions.simTime,
  dispatcher: sql<SessionSummary['dispatcher']>`${sessions.config}->'dispatcher'->>'name'`,
  trafficKind: sql<SessionSummary['trafficKind']>`${sessions.traffic}->>'kind'`,
  trafficTemplate: sql<SessionSummary['trafficTemplate']>`${sessions.traffic}->>'template'`,
  createdAt: isoText(sessions.createdAt),
  updatedAt: isoText(sessions.updatedAt),
};

export interface NewSession {
  buildingId: string;
  buildingVersion: number;
  traffic: Traffic;
  config: RunConfig;
  speed: number;
}

export interface ListSessionsQuery {
  limit: number;
  cursor?: string;
  status?: SessionStatus;
  buildingId?: string;
}

export class SessionRepository {
  private readonly db: Db;
  constructor(private readonly database: Database) {
    this.db = database.db;
  }

  async create(session: NewSession): Promise<SessionDetail> {
    const [row] = await this.db
      .insert(sessions)
      .values({ ...session, seed: session.config.seed })
      .returning({ id: sessions.id });
    return (await this.get(row!.id))!;
  }

  /** A page as JSON text (see db/json-page.ts), in the shape of `sessionPageSchema`. */
  async listJson(query: ListSessionsQuery): Promise<string> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    return jsonPage(this.database, {
      table: sessions,
      fields: summaryColumns,
      where: and(
        query.status ? eq(sessions.status, query.status) : undefined,
        query.buildingId ? eq(sessions.buildingId, query.buildingId) : undefined,
        cursor ? beforeCursor(sessions.createdAt, sessions.id, cursor) : undefined,
      ),
      createdAt: sessions.createdAt,
      id: sessions.id,
      limit: query.limit,
    });
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
}
