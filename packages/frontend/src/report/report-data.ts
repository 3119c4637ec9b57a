/**
 * Data for the session report (pure, so it is unit-tested without a canvas): KPI rows with their
 * shared definitions, time-of-day labels, the per-5-minute charts and a waiting-time histogram whose
 * bins follow the distribution (fine up to the 99th percentile, one tail bar to the longest wait).
 */
import {
  KPI_DEFINITIONS,
  type KpiDefinition,
  type KpiSummary,
  type PeriodKpis,
  type WaitDistribution,
} from '@hoistway/shared-types';
import { clockTime, fmt } from '../format.js';

export interface KpiRow {
  definition: KpiDefinition;
  value: string;
}

const DIGITS: Partial<Record<string, number>> = { persons: 0, '% pop.': 1, '%': 1, 's\u00b2': 0 };

/** Every KPI of the summary, in the shared reading order, with its definition and formatted value. */
export function kpiRows(kpis: Partial<KpiSummary>): KpiRow[] {
  return KPI_DEFINITIONS.map((definition) => {
    const raw = kpis[definition.key];
    const digits = DIGITS[definition.unit] ?? 1;
    return { definition, value: typeof raw === 'number' ? fmt(raw, digits) : '—' };
  });
}

/** Axis title for the period charts. */
export const timeAxisTitle = (startClock: number | null) =>
  startClock === null ? 'time since start (h:mm), 5-minute periods' : 'time of day, 5-minute periods';

export function periodFlowChart(series: readonly PeriodKpis[], startClock: number | null) {
  return {
    labels: series.map((p) => clockTime(p.start, startClock)),
    datasets: [
      { label: 'Arrivals', data: series.map((p) => p.arrivals), backgroundColor: '#8c959f' },
      { label: 'Boarded', data: series.map((p) => p.boarded), backgroundColor: '#1f6feb' },
      { label: 'Delivered', data: series.map((p) => p.delivered), backgroundColor: '#2f8f4e' },
    ],
  };
}

export function periodWaitChart(series: readonly PeriodKpis[], startClock: number | null) {
  const line = (label: string, colour: string, pick: (p: PeriodKpis) => number | null) => ({
    label,
    data: series.map(pick),
    borderColor: colour,
    backgroundColor: colour,
    spanGaps: true,
    pointRadius: 1.5,
  });
  return {
    labels: series.map((p) => clockTime(p.start, startClock)),
    datasets: [
      line('AWT (s)', '#1f6feb', (p) => p.awt),
      line('ATTD (s)', '#d9822b', (p) => p.attd),
      line('Longest wait (s)', '#c0392b', (p) => p.longestWait),
    ],
  };
}

export interface WaitBin {
  /** Lower edge, s. */
  from: number;
  /** Upper edge, s (exclusive); null for the open tail bin. */
  to: number | null;
  count: number;
  label: string;
}

const NICE_MULTIPLES = [1, 2, 5];

/**
 * Regroups the fine histogram of `waits` into about `maxBins` equal bins (a nice width that is a
 * whole number of fine bins) covering 0 s to the 99th percentile, plus one open bin "≥ edge" holding the tail up to
 * the longest wait: the shape of the bulk stays visible however long the longest wait is.
 */
export function waitBins(waits: WaitDistribution, maxBins = 16): WaitBin[] {
  if (waits.count === 0 || !waits.quantiles) return [];
  const fine = waits.binWidth;
  const cover = Math.max(waits.quantiles.p99, fine);
  // The finest of 1, 2, 5, 10, 20, 50 … s that is a whole number of fine bins and fits in maxBins.
  let width = fine;
  search: for (let scale = 1; ; scale *= 10)
    for (const m of NICE_MULTIPLES) {
      const candidate = m * scale;
      const multiple = candidate / fine;
      if (candidate < fine || Math.abs(multiple - Math.round(multiple)) > 1e-9) continue;
      width = candidate;
      if (Math.ceil(cover / width) <= maxBins) break search;
    }
  const per = Math.round(width / fine);
  // Bins up to the one holding P99; the tail bin starts at its upper edge.
  const bulk = Math.floor(cover / width) + 1;
  const bins: WaitBin[] = [];
  for (let k = 0; k < bulk; k++) {
    const count = waits.counts.slice(k * per, (k + 1) * per).reduce((a, b) => a + b, 0);
    bins.push({ from: k * width, to: (k + 1) * width, count, label: `${k * width}–${(k + 1) * width}` });
  }
  const tail = waits.counts.slice(bulk * per).reduce((a, b) => a + b, 0);
  if (tail > 0)
    bins.push({
      from: bulk * width,
      to: null,
      count: tail,
      label: `≥ ${bulk * width} (max ${fmt(waits.quantiles.max, 0)})`,
    });
  return bins;
}

export function waitHistogramChart(bins: readonly WaitBin[]) {
  return {
    labels: bins.map((b) => b.label),
    datasets: [
      {
        label: 'Passengers',
        data: bins.map((b) => b.count),
        backgroundColor: bins.map((b) => (b.to === null ? '#c0392b' : '#1f6feb')),
      },
    ],
  };
}
