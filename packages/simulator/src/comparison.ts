/**
 * Summaries of repeated runs (several seeds per dispatcher): each KPI's mean and 95% CI per
 * dispatcher, the waits pooled over seeds and the 5-minute series averaged over seeds. Shared by the
 * CLI `compare` command and the backend's comparison runs.
 */
import { KPI_DEFINITIONS } from '@hoistway/shared-types';
import type {
  AveragedPeriod,
  DispatcherDistributions,
  NumericKpiKey,
  PeriodKpis,
  SimulationResults,
  WaitDistribution,
} from '@hoistway/shared-types';
import { percentile } from './engine/kpis.js';
import { ci95, mean } from './stats.js';

export type ComparedKpi = NumericKpiKey;

export interface KpiStat {
  mean: number;
  /** 95% Student-t interval of the mean; null with fewer than 2 runs. */
  ci95Low: number | null;
  ci95High: number | null;
  /** Runs that had a value (the interval is null in runs with fewer than 2 departures). */
  n: number;
}

/** KPI → dispatcher label → statistics over that dispatcher's runs. */
export type ComparisonSummary = Record<ComparedKpi, Record<string, KpiStat>>;

/**
 * Aggregate runs grouped by dispatcher (any label: a dispatcher name or a named configuration).
 * Missing values (a null interval) are skipped; a KPI with no value at all has mean NaN and n 0.
 */
export function aggregateComparison(
  resultsByDispatcher: Readonly<Record<string, readonly SimulationResults[]>>,
): ComparisonSummary {
  const summary = {} as ComparisonSummary;
  for (const { key, range } of KPI_DEFINITIONS) {
    const perDispatcher: Record<string, KpiStat> = {};
    for (const [dispatcher, runs] of Object.entries(resultsByDispatcher)) {
      perDispatcher[dispatcher] = kpiStat(
        runs.map((r) => r.kpis[key] as number | null | undefined),
        range,
      );
    }
    summary[key] = perDispatcher;
  }
  return summary;
}

/** Mean and CI of the values that exist (null, missing and non-finite values are skipped). */
function kpiStat(
  values: readonly (number | null | undefined)[],
  range: { min?: number; max?: number },
): KpiStat {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const ci = ci95(present, range);
  return { mean: ci.mean, ci95Low: ci.low, ci95High: ci.high, n: ci.n };
}

/** Group name → dispatcher label → statistics of that group's interval over the dispatcher's runs. */
export type GroupIntervalSummary = Record<string, Record<string, KpiStat>>;

/**
 * Each group's interval aggregated per dispatcher, groups in the order the runs list them (results
 * without per-group figures contribute nothing).
 */
export function aggregateGroupIntervals(
  resultsByDispatcher: Readonly<Record<string, readonly SimulationResults[]>>,
): GroupIntervalSummary {
  const groups: string[] = [];
  for (const runs of Object.values(resultsByDispatcher))
    for (const r of runs)
      for (const g of r.kpis.groups ?? []) if (!groups.includes(g.group)) groups.push(g.group);
  const summary: GroupIntervalSummary = {};
  for (const group of groups) {
    summary[group] = {};
    for (const [dispatcher, runs] of Object.entries(resultsByDispatcher))
      summary[group][dispatcher] = kpiStat(
        runs.map((r) => r.kpis.groups?.find((g) => g.group === group)?.interval),
        { min: 0 },
      );
  }
  return summary;
}

/** How many of a dispatcher's runs ended saturated, and how many passengers they left waiting. */
export interface SaturationCount {
  runs: number;
  saturatedRuns: number;
  /** Mean over the runs of the passengers still waiting at the end. */
  meanStillWaiting: number;
  /** Groups saturated in at least one run. */
  groups: string[];
}

export function saturationCounts(
  resultsByDispatcher: Readonly<Record<string, readonly SimulationResults[]>>,
): Record<string, SaturationCount> {
  return Object.fromEntries(
    Object.entries(resultsByDispatcher).map(([label, runs]) => {
      const groups = new Set<string>();
      for (const r of runs) for (const g of r.kpis.groups ?? []) if (g.saturated) groups.add(g.group);
      return [
        label,
        {
          runs: runs.length,
          saturatedRuns: runs.filter((r) => r.kpis.saturated === true).length,
          meanStillWaiting: runs.length > 0 ? mean(runs.map((r) => r.kpis.stillWaiting ?? 0)) : 0,
          groups: [...groups],
        },
      ];
    }),
  );
}

/** Upper limit on histogram bins per dispatcher, so long waits cannot bloat stored results. */
export const MAX_WAIT_BINS = 300;
const NICE_BIN_WIDTHS = [1, 2, 5];

/** The finest of 1, 2, 5, 10, 20, 50 … s that covers [0, longest] in at most `maxBins` bins. */
export function waitBinWidth(longest: number, maxBins = MAX_WAIT_BINS): number {
  for (let scale = 1; ; scale *= 10)
    for (const w of NICE_BIN_WIDTHS) if (Math.floor(longest / (w * scale)) + 1 <= maxBins) return w * scale;
}

/**
 * Pools the waits of several runs (one array per seed) into one distribution: a fine histogram whose
 * cumulative sums draw the CDF, and nearest-rank quantiles (the same rule as the per-run p95Wait).
 */
export function poolWaits(
  waitsPerRun: readonly (readonly number[])[],
  maxBins = MAX_WAIT_BINS,
): WaitDistribution {
  const sorted = waitsPerRun.flat().sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, binWidth: 1, counts: [], quantiles: null };
  const longest = sorted[sorted.length - 1]!;
  const binWidth = waitBinWidth(longest, maxBins);
  const counts = new Array<number>(Math.floor(longest / binWidth) + 1).fill(0);
  for (const w of sorted) counts[Math.floor(w / binWidth)]!++;
  return {
    count: sorted.length,
    binWidth,
    counts,
    quantiles: {
      p50: percentile(sorted, 0.5),
      p90: percentile(sorted, 0.9),
      p95: percentile(sorted, 0.95),
      p99: percentile(sorted, 0.99),
      max: longest,
    },
  };
}

/**
 * Averages the 5-minute series of several runs period by period. Runs can differ in length (a drain
 * ends when the building is empty), so each period averages the runs that reached it; AWT and ATTD
 * average the runs that had a value there.
 */
export function averageSeries(seriesPerRun: readonly (readonly PeriodKpis[])[]): AveragedPeriod[] {
  const length = Math.max(0, ...seriesPerRun.map((s) => s.length));
  const averaged: AveragedPeriod[] = [];
  for (let k = 0; k < length; k++) {
    const periods = seriesPerRun.map((s) => s[k]).filter((p): p is PeriodKpis => p !== undefined);
    const meanOf = (pick: (p: PeriodKpis) => number | null) => {
      const values = periods.map(pick).filter((v): v is number => v !== null);
      return values.length > 0 ? mean(values) : null;
    };
    averaged.push({
      start: periods[0]!.start,
      arrivals: mean(periods.map((p) => p.arrivals)),
      awt: meanOf((p) => p.awt),
      attd: meanOf((p) => p.attd),
      runs: periods.length,
    });
  }
  return averaged;
}

/** One finished run of a comparison: its results and the waits of its counted passengers. */
export interface ComparedRun {
  results: SimulationResults;
  waits: readonly number[];
}

/** Per dispatcher label: waits pooled over its seeds and its series averaged over them. */
export function comparisonDistributions(
  runsByDispatcher: Readonly<Record<string, readonly ComparedRun[]>>,
): Record<string, DispatcherDistributions> {
  return Object.fromEntries(
    Object.entries(runsByDispatcher).map(([label, runs]) => [
      label,
      {
        waits: poolWaits(runs.map((r) => r.waits)),
        series: averageSeries(runs.map((r) => r.results.series)),
      },
    ]),
  );
}
