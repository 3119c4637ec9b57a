/**
 * `hoistway-sim evaluate`: a learned model against the heuristics on held-out seeds. The summary
 * reuses the comparison statistics (mean and 95% Student-t CI per KPI, `aggregateComparison`) and
 * `ci95` for the paired per-seed difference to the best heuristic by mean AWT.
 */
import type postgres from 'postgres';
import {
  evaluationKpiKeys,
  type EvaluationStat,
  type ModelEvaluation,
  type SimulationResults,
} from '@hoistway/shared-types';
import { aggregateComparison, type KpiStat } from '../comparison.js';
import { ci95 } from '../stats.js';
import type { SqlQuery } from '../jobs/run-task-job.js';

/** The heuristics every evaluation runs the model against. */
export const EVALUATION_HEURISTICS = ['collective', 'nearest', 'sectoring', 'eta', 'destination'] as const;

/** Bounds of `--seeds`. */
export const MIN_EVALUATION_SEEDS = 2;
export const MAX_EVALUATION_SEEDS = 200;

export interface EvaluationContext {
  building: string;
  traffic: string;
  duration: number;
  warmUp: number;
  seeds: readonly number[];
  evaluatedAt?: string;
}

const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);
const toStat = (s: KpiStat | { mean: number; low: number | null; high: number | null; n: number }) =>
  'ci95Low' in s
    ? { mean: finite(s.mean), ci95Low: finite(s.ci95Low), ci95High: finite(s.ci95High), n: s.n }
    : { mean: finite(s.mean), ci95Low: finite(s.low), ci95High: finite(s.high), n: s.n };

/**
 * Summarises runs given per dispatcher label in seed order (`runs[label][i]` ran `seeds[i]`); the
 * learned dispatcher's label is `learned`, every other label is a heuristic.
 */
export function summariseEvaluation(
  runs: Readonly<Record<string, readonly SimulationResults[]>>,
  learned: string,
  context: EvaluationContext,
): ModelEvaluation {
  const summary = aggregateComparison(runs);
  const kpis = Object.fromEntries(
    evaluationKpiKeys.map((key) => [
      key,
      Object.fromEntries(Object.entries(summary[key]).map(([d, s]) => [d, toStat(s)])),
    ]),
  ) as Record<(typeof evaluationKpiKeys)[number], Record<string, EvaluationStat>>;
  const heuristics = Object.keys(runs).filter((d) => d !== learned);
  const awtOf = (d: string) => summary.awt[d]?.mean ?? Number.NaN;
  const bestHeuristic = heuristics.reduce((best, d) => (awtOf(d) < awtOf(best) ? d : best));
  const differences: number[] = [];
  context.seeds.forEach((_, i) => {
    const a = runs[learned]![i]?.kpis.awt;
    const b = runs[bestHeuristic]![i]?.kpis.awt;
    if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b))
      differences.push(a - b);
  });
  const paired = toStat(ci95(differences));
  const bestMean = finite(awtOf(bestHeuristic));
  return {
    evaluatedAt: context.evaluatedAt ?? new Date().toISOString(),
    building: context.building,
    traffic: context.traffic,
    duration: context.duration,
    warmUp: context.warmUp,
    seeds: [...context.seeds],
    dispatchers: Object.keys(runs),
    learned,
    kpis,
    bestHeuristic,
    pairedAwtDifference: {
      ...paired,
      relative: paired.mean !== null && bestMean ? paired.mean / bestMean : null,
    },
  };
}

/** The seeds of every episode of the model's training datasets (looked up by id, then by name). */
export async function modelTrainingSeeds(
  sql: postgres.Sql,
  modelId: string,
): Promise<{ seeds: Set<number>; missingDatasets: string[] }> {
  return trainingSeedsOf(
    (text, params) => sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]),
    modelId,
  );
}

/**
 * The same look-up over any driver (postgres.js, PGlite): the backend's evaluate route refuses the
 * same seeds the CLI refuses.
 */
export async function trainingSeedsOf(
  query: SqlQuery,
  modelId: string,
): Promise<{ seeds: Set<number>; missingDatasets: string[] }> {
  const [model] = await query(`SELECT datasets FROM models WHERE id = $1`, [modelId]);
  const stored = model?.['datasets'];
  const datasets = (typeof stored === 'string' ? JSON.parse(stored) : (stored ?? [])) as {
    id: string;
    name: string;
  }[];
  const seeds = new Set<number>();
  const missingDatasets: string[] = [];
  for (const d of datasets) {
    const [found] = await query(
      `SELECT id FROM datasets WHERE id::text = $1 OR name = $2 ORDER BY (id::text = $1) DESC LIMIT 1`,
      [d.id, d.name],
    );
    if (!found) {
      missingDatasets.push(d.name);
      continue;
    }
    const rows = await query(`SELECT seed FROM dataset_episodes WHERE dataset_id = $1`, [found['id']]);
    for (const r of rows) if (r['seed'] !== null && r['seed'] !== undefined) seeds.add(Number(r['seed']));
  }
  return { seeds, missingDatasets };
}

/**
 * Why `overlap` (training seeds among the asked ones) cannot evaluate the model; `what` names the
 * option or field of the seeds, `start` the one of the first seed.
 */
export function seedOverlapMessage(
  what: string,
  start: string,
  overlap: readonly number[],
  model: { name: string; version: number },
): string {
  const list =
    overlap.length > 5
      ? `${overlap.slice(0, 5).join(', ')}, … (${overlap.length} in all)`
      : overlap.join(', ');
  return (
    `${what}: seed${overlap.length > 1 ? 's' : ''} ${list} trained ${model.name}@${model.version}; ` +
    `evaluate on held-out seeds (choose another ${start})`
  );
}

/** Stores the evaluation with the model (replacing an earlier one). */
export async function storeEvaluation(
  sql: postgres.Sql,
  modelId: string,
  evaluation: ModelEvaluation,
): Promise<void> {
  await sql`UPDATE models SET evaluation = ${sql.json(JSON.parse(JSON.stringify(evaluation)) as postgres.JSONValue)}
    WHERE id = ${modelId}`;
}

/** Seeds of `seeds` a training episode used, in order. */
export function overlappingSeeds(seeds: readonly number[], training: ReadonlySet<number>): number[] {
  return seeds.filter((s) => training.has(s));
}
