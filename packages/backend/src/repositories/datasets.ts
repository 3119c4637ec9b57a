/** Training datasets written by `hoistway-sim generate`: listing, summaries, deletion. */
import type { CursorKey, DatasetDetail, FeatureStat } from '@hoistway/shared-types';
import { datasets } from '@hoistway/shared-types/db';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { JsonList } from '../db/json-page.js';
import { isoText, isoTextOrNull } from '../db/sql-helpers.js';

/** Feature statistics read at most this many rows, so a summary of a huge dataset stays quick. */
export const FEATURE_SAMPLE_ROWS = 50_000;

const summaryColumns = {
  id: datasets.id,
  name: datasets.name,
  buildingName: sql<string>`coalesce(${datasets.building}->>'name', '')`,
  featureNames: datasets.featureNames,
  episodesRequested: sql<number | null>`(${datasets.config}->>'episodes')::int`,
  episodesCompleted: datasets.episodesCompleted,
  rowCount: datasets.rowCount,
  ownerId: datasets.ownerId,
  createdAt: isoTextOrNull(datasets.createdAt),
  updatedAt: isoTextOrNull(datasets.updatedAt),
};

const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export class DatasetRepository {
  private readonly pages: JsonList;

  constructor(private readonly database: Database) {
    this.pages = new JsonList(database, {
      table: datasets,
      // created_at has a default, so a list item always has one (a detail reads it as nullable).
      fields: { ...summaryColumns, createdAt: isoText(datasets.createdAt) },
      filters: [],
      createdAt: datasets.createdAt,
      id: datasets.id,
    });
  }

  /** A page as JSON text (see db/json-page.ts), in the shape of `datasetPageSchema`. */
  listJson(query: { limit: number; cursor?: CursorKey }): Promise<string> {
    return this.pages.page({ ...query });
  }

  async get(id: string): Promise<DatasetDetail | undefined> {
    const [row] = await this.database.db
      .select({ ...summaryColumns, config: datasets.config, traffic: datasets.traffic })
      .from(datasets)
      .where(eq(datasets.id, id));
    if (!row) return undefined;
    const [stats, policies, [decisions]] = await Promise.all([
      this.featureStats(id, row.featureNames),
      this.database.rows<{ policy: string; rows: number; chosen: number }>(sql`
        select policy, count(*)::int as rows, count(*) filter (where chosen)::int as chosen
        from training_samples where dataset_id = ${id} group by policy order by policy`),
      this.database.rows<{ n: number }>(sql`
        select count(*)::int as n from (
          select distinct episode, decision from training_samples where dataset_id = ${id}) d`),
    ]);
    return { ...row, ...stats, policies, decisions: decisions?.n ?? 0 };
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.database.db
      .delete(datasets)
      .where(eq(datasets.id, id))
      .returning({ id: datasets.id });
    return deleted.length > 0;
  }

  private async featureStats(
    id: string,
    names: string[],
  ): Promise<{ featureSummary: FeatureStat[]; sampledRows: number }> {
    const sample = sql`(select features from training_samples where dataset_id = ${id}
      order by episode, decision, candidate limit ${FEATURE_SAMPLE_ROWS}) s`;
    const [stats, [count]] = await Promise.all([
      this.database.rows<{ i: number; min: unknown; max: unknown; mean: unknown; std: unknown }>(sql`
        select u.i::int as i, min(u.f)::float8 as min, max(u.f)::float8 as max,
               avg(u.f)::float8 as mean, stddev_pop(u.f)::float8 as std
        from ${sample}, unnest(s.features) with ordinality as u(f, i)
        group by u.i order by u.i`),
      this.database.rows<{ n: number }>(sql`select count(*)::int as n from ${sample}`),
    ]);
    const byIndex = new Map(stats.map((s) => [Number(s.i), s]));
    const featureSummary = names.map((name, k) => {
      const s = byIndex.get(k + 1);
      return {
        name,
        min: toNumber(s?.min),
        max: toNumber(s?.max),
        mean: toNumber(s?.mean),
        std: toNumber(s?.std),
      };
    });
    return { featureSummary, sampledRows: count?.n ?? 0 };
  }
}
