/**
 * Summaries of repeated runs (several seeds per dispatcher): each KPI's mean and 95% CI per
 * dispatcher. Shared by the CLI `compare` command and the backend's comparison runs.
 */
import type { KpiSummary, SimulationResults } from '@hoistway/shared-types';
import { ci95 } from './stats.js';

export type ComparedKpi = keyof KpiSummary;

export interface KpiDefinition {
  key: ComparedKpi;
  label: string;
  unit: string;
}

/** Every KPI of the summary, in reading order, with a human label and unit (domain.md definitions). */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  { key: 'awt', label: 'Average waiting time (AWT)', unit: 's' },
  { key: 'attd', label: 'Average time to destination (ATTD)', unit: 's' },
  { key: 'averageTransit', label: 'Average transit time', unit: 's' },
  { key: 'longestWait', label: 'Longest wait', unit: 's' },
  { key: 'p95Wait', label: '95th percentile wait', unit: 's' },
  { key: 'percentWaitsOver60', label: 'Waits over 60 s', unit: '%' },
  { key: 'meanSquaredWait', label: 'Mean squared wait', unit: 's²' },
  { key: 'worst5MinAwt', label: 'Worst 5-minute AWT', unit: 's' },
  { key: 'interval', label: 'Interval (main entrance)', unit: 's' },
  { key: 'hc5Persons', label: 'Handling capacity (HC5)', unit: 'persons' },
  { key: 'hc5Percent', label: 'Handling capacity (HC5)', unit: '% pop.' },
  { key: 'generated', label: 'Passengers generated', unit: 'persons' },
  { key: 'counted', label: 'Passengers counted (after warm-up)', unit: 'persons' },
  { key: 'delivered', label: 'Passengers delivered', unit: 'persons' },
  { key: 'inSystem', label: 'Passengers still in system at end', unit: 'persons' },
];

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
  for (const { key } of KPI_DEFINITIONS) {
    const perDispatcher: Record<string, KpiStat> = {};
    for (const [dispatcher, runs] of Object.entries(resultsByDispatcher)) {
      const values = runs
        .map((r) => r.kpis[key])
        .filter((v): v is number => v !== null && Number.isFinite(v));
      const ci = ci95(values);
      perDispatcher[dispatcher] = { mean: ci.mean, ci95Low: ci.low, ci95High: ci.high, n: ci.n };
    }
    summary[key] = perDispatcher;
  }
  return summary;
}
