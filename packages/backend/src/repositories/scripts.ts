/** Dispatcher scripts of the playground (text only: the server never runs them). */
import type { CursorKey, ScriptDetail } from '@hoistway/shared-types';
import { dispatcherScripts } from '@hoistway/shared-types/db';
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';
import { JsonList } from '../db/json-page.js';
import { isoText } from '../db/sql-helpers.js';

const summaryColumns = {
  id: dispatcherScripts.id,
  name: dispatcherScripts.name,
  ownerId: dispatcherScripts.ownerId,
  size: sql<number>`char_length(${dispatcherScripts.source})::int`,
  createdAt: isoText(dispatcherScripts.createdAt),
  updatedAt: isoText(dispatcherScripts.updatedAt),
};
const detailColumns = { ...summaryColumns, source: dispatcherScripts.source };

export interface ScriptFields {
  name: string;
  source: string;
  /** Owning account (null until accounts exist). */
  ownerId?: string | null;
}

export class ScriptRepository {
  private readonly db: Db;
  private readonly pages: JsonList;

  constructor(database: Database) {
    this.db = database.db;
    this.pages = new JsonList(database, {
      table: dispatcherScripts,
      fields: summaryColumns,
      filters: [],
      createdAt: dispatcherScripts.createdAt,
      id: dispatcherScripts.id,
    });
  }

  async create(fields: ScriptFields): Promise<ScriptDetail> {
    const [row] = await this.db
      .insert(dispatcherScripts)
      .values({ name: fields.name, source: fields.source, ownerId: fields.ownerId ?? null })
      .returning(detailColumns);
    return row!;
  }

  /** A page as JSON text (see db/json-page.ts), in the shape of `scriptPageSchema`. */
  listJson(query: { limit: number; cursor?: CursorKey }): Promise<string> {
    return this.pages.page({ ...query });
  }

  async get(id: string): Promise<ScriptDetail | undefined> {
    const [row] = await this.db
      .select(detailColumns)
      .from(dispatcherScripts)
      .where(eq(dispatcherScripts.id, id));
    return row;
  }

  async update(id: string, fields: Omit<ScriptFields, 'ownerId'>): Promise<ScriptDetail | undefined> {
    const [row] = await this.db
      .update(dispatcherScripts)
      .set({ name: fields.name, source: fields.source, updatedAt: sql`now()` })
      .where(eq(dispatcherScripts.id, id))
      .returning(detailColumns);
    return row;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.db
      .delete(dispatcherScripts)
      .where(eq(dispatcherScripts.id, id))
      .returning({ id: dispatcherScripts.id });
    return deleted.length > 0;
  }
}
