/** Comparison runs: request, status, progress and results. */
import type { CursorKey, RunDetail, RunRequest, RunResults, SimulationResults } from '@hoistway/shared-types';
import type { ComparedRun } from '@hoistway/simulator';
import { decodeTaskJson } from '@hoistway/simulator/node';
import { runTasks, runs, type RunStatus } from '@hoistway/shared-types/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';
import { JsonList } from '../db/json-page.js';
import { isoText, isoTextOrNull } from '../db/sql-helpers.js';

const summaryColumns = {
  id: runs.id,
  buildingId: runs.buildingId,
  buildingVersion: runs.buildingVersion,
  status: runs.status,
  progress: { done: runs.progressDone, total: runs.progressTotal },
  error: runs.error,
  ownerId: runs.ownerId,
  createdAt: isoText(runs.createdAt),
  updatedAt: isoText(runs.updatedAt),
  startedAt: isoTextOrNull(runs.startedAt),
  finishedAt: isoTextOrNull(runs.finishedAt),
};

/** Statuses a run can still leave; a run in any other status is final. */
export const activeRunStatuses: RunStatus[] = ['queued', 'running'];

/** One stored (dispatcher, seed) task result. */
export interface FinishedTask extends ComparedRun {
  label: string;
  seed: number;
}

/** A run's progress as the live relay pushes it. */
export interface RunProgress {
  id: string;
  status: RunStatus;
  done: number;
  total: number;
}

export class RunRepository {
  private readonly db: Db;
  private readonly pages: JsonList;

  constructor(database: Database) {
    this.db = database.db;
    this.pages = new JsonList(database, {
      table: runs,
      fields: summaryColumns,
      filters: [{ name: 'status', column: runs.status }],
      createdAt: runs.createdAt,
      id: runs.id,
    });
  }

  /** The progress of these runs (unknown ids are left out). */
  progressOf(ids: string[]): Promise<RunProgress[]> {
    return this.db
      .select({ id: runs.id, status: runs.status, done: runs.progressDone, total: runs.progressTotal })
      .from(runs)
      .where(inArray(runs.id, ids));
  }

  async create(run: {
    buildingId: string;
    buildingVersion: number;
    request: RunRequest;
    total: number;
    evaluatesModelId?: string;
  }): Promise<RunDetail> {
    const [row] = await this.db
      .insert(runs)
      .values({
        buildingId: run.buildingId,
        buildingVersion: run.buildingVersion,
        config: run.request as unknown as Record<string, unknown>,
        progressTotal: run.total,
        evaluatesModelId: run.evaluatesModelId ?? null,
      })
      .returning({ id: runs.id });
    return (await this.get(row!.id))!;
  }

  /** A page as JSON text (see db/json-page.ts), in the shape of `runPageSchema`. */
  listJson(query: { limit: number; cursor?: CursorKey; status?: RunStatus }): Promise<string> {
    return this.pages.page({ ...query });
  }

  async get(id: string): Promise<RunDetail | undefined> {
    const [row] = await this.db
      .select({ ...summaryColumns, request: runs.config, results: runs.results })
      .from(runs)
      .where(eq(runs.id, id));
    if (!row) return undefined;
    return {
      ...row,
      request: row.request as unknown as RunRequest,
      results: (row.results ?? null) as RunResults | null,
    };
  }

  async markRunning(id: string): Promise<boolean> {
    const updated = await this.db
      .update(runs)
      .set({ status: 'running', startedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(runs.id, id), eq(runs.status, 'queued')))
      .returning({ id: runs.id });
    return updated.length > 0;
  }

  async addProgress(id: string, done: number): Promise<void> {
    await this.db
      .update(runs)
      .set({ progressDone: done, updatedAt: sql`now()` })
      .where(and(eq(runs.id, id), eq(runs.status, 'running')));
  }

  /** Moves an active run to a final status; false if it had already left the active statuses. */
  async finish(
    id: string,
    outcome:
      { status: 'finished'; results: RunResults } | { status: 'failed' | 'cancelled'; error: string | null },
  ): Promise<boolean> {
    const updated = await this.db
      .update(runs)
      .set({
        status: outcome.status,
        results: outcome.status === 'finished' ? outcome.results : null,
        error: outcome.status === 'finished' ? null : outcome.error,
        ...(outcome.status === 'finished' ? { progressDone: sql`${runs.progressTotal}` } : {}),
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(runs.id, id), inArray(runs.status, activeRunStatuses)))
      .returning({ id: runs.id });
    return updated.length > 0;
  }

  /** The results of the tasks a cancelled run finished before the cancel (once, while it has none). */
  async saveCancelledResults(id: string, done: number, results: RunResults): Promise<void> {
    await this.db
      .update(runs)
      .set({ results, progressDone: done, updatedAt: sql`now()` })
      .where(and(eq(runs.id, id), eq(runs.status, 'cancelled'), isNull(runs.results)));
  }

  /**
   * (dispatcher, seed) tasks of one owner's queued and running runs that have not finished yet
   * (`null`: the runs nobody owns — the CLI's, or the local user's without accounts).
   */
  async pendingTasks(ownerId: string | null): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`coalesce(sum(${runs.progressTotal} - ${runs.progressDone}), 0)::int` })
      .from(runs)
      .where(
        and(
          inArray(runs.status, activeRunStatuses),
          ownerId === null ? isNull(runs.ownerId) : eq(runs.ownerId, ownerId),
        ),
      );
    return Number(row?.n ?? 0);
  }

  /** Runs a previous process left queued or running: they resume (see RunManager.resume). */
  async active(): Promise<{ id: string; status: RunStatus; done: number; total: number }[]> {
    return this.db
      .select({ id: runs.id, status: runs.status, done: runs.progressDone, total: runs.progressTotal })
      .from(runs)
      .where(inArray(runs.status, activeRunStatuses));
  }

  /** The model a run evaluates (POST /api/models/:id/evaluate), or null for a plain comparison. */
  async evaluatedModel(id: string): Promise<string | null> {
    const [row] = await this.db.select({ modelId: runs.evaluatesModelId }).from(runs).where(eq(runs.id, id));
    return row?.modelId ?? null;
  }

  /** A run's stored task results, in task order (dispatcher, then seed). */
  async storedTasks(id: string): Promise<FinishedTask[]> {
    const rows = await this.db
      .select({
        label: runTasks.label,
        seed: runTasks.seed,
        results: runTasks.results,
        waits: runTasks.waits,
      })
      .from(runTasks)
      .where(eq(runTasks.runId, id))
      .orderBy(asc(runTasks.taskIndex));
    return rows.map((r) => ({
      label: r.label,
      seed: r.seed,
      results: decodeTaskJson<SimulationResults>(r.results),
      waits: decodeTaskJson<number[]>(r.waits),
    }));
  }
}
