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
  const [model] = await sql<{ datasets: { id: string; name: string }[] }[]>`
    SELECT datasets FROM models WHERE id = ${modelId}`;
  const seeds = new Set<number>();
  const missingDatasets: string[] = [];
  for (const d of model?.datasets ?? []) {
    const [found] = await sql<{ id: string }[]>`
      SELECT id FROM datasets WHERE id::text = ${d.id} OR name = ${d.name} ORDER BY (id::text = ${d.id}) DESC LIMIT 1`;
    if (!found) {
      missingDatasets.push(d.name);
      continue;
    }
    const rows = await sql<{ seed: string | number | null }[]>`
      SELECT seed FROM dataset_episodes WHERE dataset_id = ${found.id}`;
    for (const r of rows) if (r.seed !== null) seeds.add(Number(r.seed));
  }
  return { seeds, missingDatasets };
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
