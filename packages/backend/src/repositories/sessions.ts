/** Sessions: what a live simulation needs to start, resume and report (the live part comes later). */
import type { CursorKey, RunConfig, SessionDetail, SessionSummary, Traffic } from '@hoistway/shared-types';
import { sessions, type SessionStatus } from '@hoistway/shared-types/db';
import { eq, sql } from 'drizzle-orm';
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
  cursor?: CursorKey;
  status?: SessionStatus;
  buildingId?: string;
}

export class SessionRepository {
  private readonly db: Db;
  private readonly pages: JsonList;

  constructor(database: Database) {
    this.db = database.db;
    this.pages = new JsonList(database, {
      table: sessions,
      // Timestamps as raw columns: json_build_object renders them as ISO text, like isoText does.
      fields: { ...summaryColumns, createdAt: sessions.createdAt, updatedAt: sessions.updatedAt },
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
        ownerId: sessions.ownerId,
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
