import type { NumericKpiKey } from './results.js';

export interface KpiDefinition {
  key: NumericKpiKey;
  /** Full name (CLI tables, docs). */
  label: string;
  /** Compact name (web tables and tiles). */
  shortLabel: string;
  unit: string;
  /** Values the KPI can take; confidence intervals are clamped to them. */
  range: { min?: number; max?: number };
  /** Whether a smaller value is better; null where neither is (passenger counts). */
  lowerIsBetter: boolean | null;
  /** What the figure is, in one or two sentences (tooltips, docs). */
  definition: string;
}

/** Times, counts and squares cannot be negative. */
const NON_NEGATIVE = { min: 0 };
/** A share of the counted passengers. (Throughput % is of the population, and may pass 100.) */
const PERCENT = { min: 0, max: 100 };

/** Every numeric KPI of the summary, in reading order, with labels, units and definitions. */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    key: 'awt',
    label: 'Average waiting time (AWT)',
    shortLabel: 'AWT',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
    definition:
      'Mean time from the hall call (or joining the queue) until the serving car begins to open its doors. Over every passenger who arrived after warm-up; a passenger still waiting at the end counts with the wait so far (end time − arrival), a lower bound.',
  },
  {
    key: 'attd',
    label: 'Average time to destination (ATTD)',
    shortLabel: 'ATTD',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
    definition:
      'Mean waiting + transit time over the delivered passengers who arrived after warm-up (passengers not yet delivered are left out).',
  },
  {
    key: 'averageTransit',
    label: 'Average transit time',
    shortLabel: 'Avg transit',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
    definition:
      'Mean time from doors opening at the origin to doors opening at the destination, over the delivered passengers who arrived after warm-up.',
  },
  {
    key: 'longestWait',
    label: 'Longest wait',
    shortLabel: 'Longest wait',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
    definition:
      'Longest waiting time. Over every passenger who arrived after warm-up; a passenger still waiting at the end counts with the wait so far (end time − arrival), a lower bound.',
  },
  {
    key: 'p95Wait',
    label: '95th percentile wait',
    shortLabel: 'P95 wait',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
    definition:
      'Nearest-rank 95th percentile of the waiting times. Over every passenger who arrived after warm-up; a passenger still waiting at the end counts with the wait so far (end time − arrival), a lower bound.',
  },
  {
    key: 'percentWaitsOver60',
    label: 'Waits over 60 s',
    shortLabel: 'Waits > 60 s',
    unit: '%',
    range: PERCENT,
    lowerIsBetter: true,
    definition:
      'Share of waits longer than 60 s. Over every passenger who arrived after warm-up; a passenger still waiting at the end counts with the wait so far (end time − arrival), a lower bound.',
  },
  {
    key: 'meanSquaredWait',
    label: 'Mean squared wait',
    shortLabel: 'Mean sq. wait',
    unit: 's\u00b2',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
    definition:
      'Mean of the squared waiting times (penalises long waits). Over every passenger who arrived after warm-up; a passenger still waiting at the end counts with the wait so far (end time − arrival), a lower bound.',
  },
  {
    key: 'worst5MinAwt',
    label: 'Worst 5-minute AWT',
    shortLabel: 'Worst 5-min AWT',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
    definition:
      'Highest AWT of the 5-minute periods after warm-up; a wait falls in the period it ended in, and waits still running at the end fall in the last period.',
  },
  {
    key: 'interval',
    label: 'Interval (mean over groups)',
    shortLabel: 'Interval',
    unit: 's',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
    definition:
      "Mean of the per-group intervals; a group's interval is the mean time between successive departures of its cars from its main entrance floor (the lowest entrance floor it serves), after warm-up. Departures of different groups are never pooled.",
  },
  {
    key: 'throughput5MinPersons',
    label: 'Throughput per 5 min (achieved HC5)',
    shortLabel: 'Throughput / 5 min',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: false,
    definition:
      "Mean passengers boarded per 5 minutes over the measured period (after warm-up until the end of arrivals). Under saturation this is the handling capacity the calculator's HC5 estimates; when the cars keep up it is the demand.",
  },
  {
    key: 'throughput5MinPercent',
    label: 'Throughput per 5 min (achieved HC5)',
    shortLabel: 'Throughput / 5 min',
    unit: '% pop.',
    range: NON_NEGATIVE,
    lowerIsBetter: false,
    definition: 'Throughput per 5 minutes as % of the building population.',
  },
  {
    key: 'peak5MinPersons',
    label: 'Peak 5-minute window',
    shortLabel: 'Peak 5 min',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: false,
    definition:
      'Passengers boarded in the busiest sliding 5-minute window after warm-up: a peak, normally above the mean throughput, not the handling capacity.',
  },
  {
    key: 'peak5MinPercent',
    label: 'Peak 5-minute window',
    shortLabel: 'Peak 5 min',
    unit: '% pop.',
    range: NON_NEGATIVE,
    lowerIsBetter: false,
    definition: 'Peak 5-minute window as % of the building population.',
  },
  {
    key: 'generated',
    label: 'Passengers generated',
    shortLabel: 'Generated',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: null,
    definition: 'Passengers who arrived in the whole run, warm-up included.',
  },
  {
    key: 'counted',
    label: 'Passengers counted (after warm-up)',
    shortLabel: 'Counted',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: null,
    definition: 'Passengers who arrived after warm-up: the population of the waiting KPIs, boarded or not.',
  },
  {
    key: 'stillWaiting',
    label: 'Passengers still waiting at end (censored)',
    shortLabel: 'Still waiting',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: true,
    definition:
      "Counted passengers who had not boarded when the run ended; their waits are counted as elapsed so far. More than one full load of every car of a group means the traffic exceeds that group's capacity.",
  },
  {
    key: 'delivered',
    label: 'Passengers delivered',
    shortLabel: 'Delivered',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: false,
    definition: 'Passengers delivered in the whole run.',
  },
  {
    key: 'inSystem',
    label: 'Passengers still in system at end',
    shortLabel: 'In system',
    unit: 'persons',
    range: NON_NEGATIVE,
    lowerIsBetter: null,
    definition: 'Passengers waiting or riding when the run ended (all, warm-up included).',
  },
];
