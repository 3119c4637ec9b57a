/** The model registry (learned dispatchers): list, detail, lookup by name/version/id, training jobs, import. */
import {
  learnedObjectiveSchema,
  modelEvaluationRunSchema,
  modelEvaluationSchema,
  parseModelRef,
  type LearnedModelSpec,
  type LearnedNetwork,
  type ModelFile,
  type ModelMetrics,
  type ModelSummary,
} from '@hoistway/shared-types';
import { models } from '@hoistway/shared-types/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { isoText } from '../db/sql-helpers.js';

const summaryColumns = {
  id: models.id,
  name: models.name,
  version: models.version,
  status: models.status,
  datasets: models.datasets,
  featureNames: models.featureNames,
  library: models.library,
  ownerId: models.ownerId,
  metrics: models.metrics,
  epochsRequested: models.epochsRequested,
  objective: sql<unknown>`${models.network}->'objective'`,
  error: models.error,
  evaluation: models.evaluation,
  // The latest evaluation run of the model (its progress while it runs). The column is qualified by
  // hand: drizzle writes a bare "id" here, which inside the subquery would mean the run's.
  evaluationRun: sql<ModelSummary['evaluationRun']>`(
    select json_build_object('id', r.id, 'status', r.status, 'error', r.error,
      'progress', json_build_object('done', r.progress_done, 'total', r.progress_total))
    from runs r where r.evaluates_model_id = "models"."id"
    order by r.created_at desc, r.id desc limit 1)`,
  createdAt: isoText(models.createdAt),
};

type SummaryRow = Omit<ModelSummary, 'objective' | 'evaluation' | 'evaluationRun'> & {
  objective: unknown;
  evaluation: unknown;
  evaluationRun: unknown;
};

const toSummary = (r: SummaryRow): ModelSummary => {
  const objective = learnedObjectiveSchema.safeParse(r.objective);
  // An evaluation stored by an older version that no longer parses is left out rather than failing the model.
  const evaluation = modelEvaluationSchema.safeParse(r.evaluation);
  const run = modelEvaluationRunSchema.safeParse(
    typeof r.evaluationRun === 'string' ? JSON.parse(r.evaluationRun) : r.evaluationRun,
  );
  return {
    ...r,
    objective: objective.success ? objective.data : null,
    evaluation: evaluation.success ? evaluation.data : null,
    evaluationRun: run.success ? run.data : null,
  };
};

export interface NewModelVersion {
  name: string;
  datasets: { id: string; name: string }[];
  featureNames: string[];
  library: string;
  status: 'training' | 'ready';
  metrics?: ModelMetrics | null;
  network?: LearnedNetwork | null;
  epochsRequested?: number | null;
  createdAt?: string;
}

export class ModelRepository {
  constructor(private readonly database: Database) {}

  async list(): Promise<ModelSummary[]> {
    const rows = await this.database.db
      .select(summaryColumns)
      .from(models)
      .orderBy(desc(models.createdAt), desc(models.id));
    return rows.map((r) => toSummary(r as SummaryRow));
  }

  async get(id: string): Promise<ModelSummary | undefined> {
    const [row] = await this.database.db.select(summaryColumns).from(models).where(eq(models.id, id));
    return row ? toSummary(row as SummaryRow) : undefined;
  }

  /** The ready model a dispatcher names: id, `name@version`, or `name` (latest ready version). */
  async resolve(ref: string): Promise<LearnedModelSpec | undefined> {
    const parsed = parseModelRef(ref);
    const ready = and(eq(models.status, 'ready'), sql`${models.network} is not null`);
    const where =
      'id' in parsed
        ? and(eq(models.id, parsed.id), ready)
        : parsed.version !== undefined
          ? and(eq(models.name, parsed.name), eq(models.version, parsed.version), ready)
          : and(eq(models.name, parsed.name), ready);
    const [row] = await this.database.db
      .select({ id: models.id, name: models.name, version: models.version, network: models.network })
      .from(models)
      .where(where)
      .orderBy(desc(models.version))
      .limit(1);
    if (!row || !row.network) return undefined;
    return { id: row.id, name: row.name, version: row.version, network: row.network };
  }

  /** Inserts the next version of `name` (retrying once if another insert took the number). */
  async insert(model: NewModelVersion): Promise<ModelSummary> {
    for (let attempt = 0; ; attempt++) {
      try {
        const [row] = await this.database.rows<{ id: string }>(sql`
          insert into models (name, version, status, datasets, feature_names, library, metrics, network,
            epochs_requested, created_at)
          select ${model.name}, coalesce(max(version), 0) + 1, ${model.status},
            ${JSON.stringify(model.datasets)}::jsonb, ${sql.raw(pgTextArray(model.featureNames))},
            ${model.library}, ${model.metrics ? JSON.stringify(model.metrics) : null}::jsonb,
            ${model.network ? JSON.stringify(model.network) : null}::jsonb, ${model.epochsRequested ?? null}::int,
            ${model.createdAt ?? new Date().toISOString()}::timestamptz
          from models where name = ${model.name}
          returning id`);
        return (await this.get(row!.id))!;
      } catch (error) {
        if (attempt >= 2) throw error;
      }
    }
  }

  async updateProgress(id: string, metrics: ModelMetrics): Promise<void> {
    await this.database.db.update(models).set({ metrics }).where(eq(models.id, id));
  }

  async finish(id: string, result: { network: LearnedNetwork; metrics: ModelMetrics; library: string }) {
    await this.database.db
      .update(models)
      .set({ status: 'ready', network: result.network, metrics: result.metrics, library: result.library })
      .where(eq(models.id, id));
  }

  async fail(id: string, error: string): Promise<void> {
    await this.database.db.update(models).set({ status: 'failed', error }).where(eq(models.id, id));
  }

  /** Everything about one ready model, as `hoistway-sim model export` writes it. */
  async exportFile(id: string): Promise<ModelFile | undefined> {
    const [row] = await this.database.db.select().from(models).where(eq(models.id, id));
    if (!row || row.status !== 'ready' || !row.network || !row.metrics) return undefined;
    return {
      kind: 'hoistway-model',
      name: row.name,
      version: row.version,
      datasets: row.datasets,
      library: row.library,
      metrics: row.metrics,
      createdAt: row.createdAt.toISOString(),
      network: row.network,
    };
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.database.db
      .delete(models)
      .where(eq(models.id, id))
      .returning({ id: models.id });
    return deleted.length > 0;
  }
}

/** `{a,b}` text-array literal of plain identifiers (feature names are code constants). */
function pgTextArray(values: readonly string[]): string {
  for (const v of values) if (!/^[A-Za-z0-9_]+$/.test(v)) throw new Error(`unexpected feature name ${v}`);
  return `'{${values.join(',')}}'::text[]`;
}
