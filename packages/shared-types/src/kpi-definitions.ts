import type { KpiSummary } from './results.js';

export interface KpiDefinition {
  key: keyof KpiSummary;
  /** Full name (CLI tables, docs). */
  label: string;
  /** Compact name (web tables and tiles). */
  shortLabel: string;
  unit: string;
  /** Values the KPI can take; confidence intervals are clamped to them. */
  range: { min?: number; max?: number };
  /** Whether a smaller value is better; null where neither is (passenger counts). */
  lowerIsBetter: boolean | null;
}

/** Times, counts and squares cannot be negative. */
const NON_NEGATIVE = { min: 0 };
/** A share of the counted passengers. (HC5 % is of the population, and may pass 100.) */
const PERCENT = { min: 0, max: 100 };

/** Every KPI of the summary, in reading order, with labels and units (domain.md definitions). */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    key: 'awt',
    label: 'Average waiting time (AWT)',
    shortLabel: 'AWT',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
  },
  {
    key: 'attd',
    label: 'Average time to destination (ATTD)',
    shortLabel: 'ATTD',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
  },
  {
    key: 'averageTransit',
    label: 'Average transit time',
    shortLabel: 'Avg transit',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
  },
  {
    key: 'longestWait',
    label: 'Longest wait',
    shortLabel: 'Longest wait',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
  },
  {
    key: 'p95Wait',
    label: '95th percentile wait',
    shortLabel: 'P95 wait',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
  },
  {
    key: 'percentWaitsOver60',
    label: 'Waits over 60 s',
    shortLabel: 'Waits > 60 s',
    unit: '%',
    range: PERCENT,
    lowerIsBetter: true,
  },
  {
    key: 'meanSquaredWait',
    label: 'Mean squared wait',
    shortLabel: 'Mean sq. wait',
    unit: 's²',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
  },
  {
    key: 'worst5MinAwt',
    label: 'Worst 5-minute AWT',
    shortLabel: 'Worst 5-min AWT',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
  },
  {
    key: 'interval',
    label: 'Interval (main entrance)',
    shortLabel: 'Interval',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
  },
  {
    key: 'hc5Persons',
    label: 'Handling capacity (HC5)',
    shortLabel: 'HC5',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: false,
  },
  {
    key: 'hc5Percent',
    label: 'Handling capacity (HC5)',
    shortLabel: 'HC5',
    unit: '% pop.',
    range: NON_NEGATIVE,
    lowerIsBetter: false,
  },
  {
    key: 'generated',
    label: 'Passengers generated',
    shortLabel: 'Generated',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: null,
  },
  {
    key: 'counted',
    label: 'Passengers counted (after warm-up)',
    shortLabel: 'Counted',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: null,
  },
  {
    key: 'delivered',
    label: 'Passengers delivered',
    shortLabel: 'Delivered',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: false,
  },
  {
    key: 'inSystem',
    label: 'Passengers still in system at end',
    shortLabel: 'In system',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: null,
  },
];
