/** Buildings and their versions. An update adds a version; sessions and runs keep theirs. */
import type { Building, BuildingDetail, BuildingVersionInfo, CursorKey } from '@hoistway/shared-types';
import { buildings, buildingVersions, runs, sessions } from '@hoistway/shared-types/db';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';
import { JsonList } from '../db/json-page.js';
import { isoText } from '../db/sql-helpers.js';

const summaryColumns = {
  id: buildings.id,
  name: buildings.name,
  archived: buildings.archived,
  currentVersion: buildings.currentVersion,
  ownerId: buildings.ownerId,
  createdAt: isoText(buildings.createdAt),
  updatedAt: isoText(buildings.updatedAt),
};

export interface ListBuildingsQuery {
  limit: number;
  cursor?: CursorKey;
  includeArchived: boolean;
}

export class BuildingRepository {
  private readonly db: Db;
  private readonly pages: JsonList;

  constructor(database: Database) {
    this.db = database.db;
    this.pages = new JsonList(database, {
      table: buildings,
      fields: summaryColumns,
      filters: [{ name: 'archived', column: buildings.archived }],
      createdAt: buildings.createdAt,
      id: buildings.id,
    });
  }

  async create(definition: Building): Promise<BuildingDetail> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(buildings)
        .values({ name: definition.name })
        .returning({ id: buildings.id });
      await tx.insert(buildingVersions).values({ buildingId: row!.id, version: 1, definition });
      return (await selectBuilding(tx, row!.id))!;
    });
  }

  /** A page as JSON text (see db/json-page.ts), in the shape of `buildingPageSchema`. */
  listJson(query: ListBuildingsQuery): Promise<string> {
    const { limit, cursor } = query;
    return this.pages.page({ limit, cursor, archived: query.includeArchived ? undefined : false });
  }

  /** The building with the definition of `version` (default: current); undefined if either is unknown. */
  get(id: string, version?: number): Promise<BuildingDetail | undefined> {
    return selectBuilding(this.db, id, version);
  }

  async versions(id: string): Promise<BuildingVersionInfo[] | undefined> {
    const exists = await this.exists(id);
    if (!exists) return undefined;
    return this.db
      .select({ version: buildingVersions.version, createdAt: isoText(buildingVersions.createdAt) })
      .from(buildingVersions)
      .where(eq(buildingVersions.buildingId, id))
      .orderBy(buildingVersions.version);
  }

  /**
   * Adds a version with the new definition; undefined if the building is unknown. A definition equal
   * to the current one (as JSON values, whatever the key order) adds nothing: the current version is returned.
   */
  async update(id: string, definition: Building): Promise<BuildingDetail | undefined> {
    return this.db.transaction(async (tx) => {
      // Row lock: concurrent edits get consecutive version numbers.
      const [current] = await tx
        .select({ version: buildings.currentVersion })
        .from(buildings)
        .where(eq(buildings.id, id))
        .for('update');
      if (!current) return undefined;
      const [same] = await tx
        .select({ version: buildingVersions.version })
        .from(buildingVersions)
        .where(
          and(
            eq(buildingVersions.buildingId, id),
            eq(buildingVersions.version, current.version),
            sql`${buildingVersions.definition} = ${JSON.stringify(definition)}::jsonb`,
          ),
        );
      if (same) return selectBuilding(tx, id);
      const version = current.version + 1;
      await tx.insert(buildingVersions).values({ buildingId: id, version, definition });
      await tx
        .update(buildings)
        .set({ name: definition.name, currentVersion: version, updatedAt: sql`now()` })
        .where(eq(buildings.id, id));
      return selectBuilding(tx, id);
    });
  }

  async setArchived(id: string, archived: boolean): Promise<BuildingDetail | undefined> {
    const updated = await this.db
      .update(buildings)
      .set({ archived, updatedAt: sql`now()` })
      .where(eq(buildings.id, id))
      .returning({ id: buildings.id });
    return updated.length === 0 ? undefined : this.get(id);
  }

  /** Sessions and runs that reference any version of the building. */
  async usage(id: string): Promise<{ sessions: number; runs: number }> {
    const [s] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(sessions)
      .where(eq(sessions.buildingId, id));
    const [r] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(runs)
      .where(eq(runs.buildingId, id));
    return { sessions: s?.n ?? 0, runs: r?.n ?? 0 };
  }

  /** Deletes the building and its versions; false if unknown. Foreign keys refuse it while in use. */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.db
      .delete(buildings)
      .where(eq(buildings.id, id))
      .returning({ id: buildings.id });
    return deleted.length > 0;
  }

  private async exists(id: string): Promise<boolean> {
    const [row] = await this.db.select({ id: buildings.id }).from(buildings).where(eq(buildings.id, id));
    return row !== undefined;
  }
}

/** One building at `version` (default: current), on the app's handle or inside a transaction. */
async function selectBuilding(db: Db, id: string, version?: number): Promise<BuildingDetail | undefined> {
  const [row] = await db
    .select({
      ...summaryColumns,
      version: buildingVersions.version,
      definition: buildingVersions.definition,
    })
    .from(buildings)
    .innerJoin(
      buildingVersions,
      and(
        eq(buildingVersions.buildingId, buildings.id),
        eq(buildingVersions.version, version ?? buildings.currentVersion),
      ),
    )
    .where(eq(buildings.id, id));
  return row;
}
