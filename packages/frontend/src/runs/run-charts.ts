/**
 * Chart.js data for the comparison view, built from stored run results (pure, so they are unit-tested
 * without a canvas).
 */
import { clockTime } from '../format.js';
import type { RunResults, WaitDistribution } from '@hoistway/shared-types';
import type { IErrorBarYDataPoint } from 'chartjs-chart-error-bars';

/** One colour per dispatcher, in request order. */
export const DISPATCHER_PALETTE = [
  '#1f6feb',
  '#d9822b',
  '#2f8f4e',
  '#8250df',
  '#c0392b',
  '#0e7c86',
  '#9a6700',
  '#57606a',
  '#bf3989',
  '#116329',
];

export const dispatcherColour = (index: number) => DISPATCHER_PALETTE[index % DISPATCHER_PALETTE.length]!;

export interface CdfPoint {
  x: number;
  y: number;
}

/**
 * CDF of a pooled wait histogram (an ogive): % of waits below each bin's upper edge, from (0 s, 0 %)
 * to 100 % at the last edge; the line between edges interpolates within a bin.
 */
export function waitCdfPoints(waits: WaitDistribution): CdfPoint[] {
  if (waits.count === 0) return [];
  const points: CdfPoint[] = [{ x: 0, y: 0 }];
  let cumulative = 0;
  waits.counts.forEach((count, k) => {
    cumulative += count;
    points.push({ x: (k + 1) * waits.binWidth, y: (100 * cumulative) / waits.count });
  });
  return points;
}

/** Line data (linear x axis) for the wait CDF of every dispatcher that has a distribution. */
export function waitCdfChart(results: RunResults) {
  return {
    datasets: results.dispatchers.map(({ label }, i) => ({
      label,
      data: results.distributions?.[label] ? waitCdfPoints(results.distributions[label].waits) : [],
      borderColor: dispatcherColour(i),
      backgroundColor: dispatcherColour(i),
      pointRadius: 0,
      borderWidth: 2,
    })),
  };
}

/**
 * AWT per 5-minute period (averaged over seeds), one line per dispatcher; x labels are period starts
 * as times of day when the run has a start clock (`startClock`, s after midnight: 07:00 for the daily
 * profile), else h:mm.
 */
export function awtSeriesChart(results: RunResults, startClock: number | null = null) {
  const starts = [
    ...new Set(Object.values(results.distributions ?? {}).flatMap((d) => d.series.map((p) => p.start))),
  ].sort((a, b) => a - b);
  return {
    labels: starts.map((s) => clockTime(s, startClock)),
    datasets: results.dispatchers.map(({ label }, i) => {
      const series = results.distributions?.[label]?.series ?? [];
      return {
        label,
        data: starts.map((s) => series.find((p) => p.start === s)?.awt ?? null),
        borderColor: dispatcherColour(i),
        backgroundColor: dispatcherColour(i),
        pointRadius: 2,
      };
    }),
  };
}

/** KPIs of the waiting-times bar chart, with their short names. */
const CI_CHART_KPIS = [
  { key: 'awt', name: 'AWT' },
  { key: 'p95Wait', name: 'P95 wait' },
  { key: 'longestWait', name: 'Longest wait' },
] as const;

/**
 * Bar data ('barWithErrorBars') of the mean AWT, P95 and longest wait per dispatcher with the 95 %
 * confidence interval over seeds as whiskers (points { y, yMin, yMax }).
 */
export function waitCiChart(results: RunResults) {
  const labels = results.dispatchers.map((d) => d.label);
  return {
    labels,
    datasets: CI_CHART_KPIS.map(({ key, name }, i) => ({
      label: `${name} (mean, s; whiskers: 95 % CI)`,
      data: labels.map((d) => ciBarPoint(results.summary[key]?.[d])),
      backgroundColor: dispatcherColour(i),
      ...ERROR_BAR_STYLE,
    })),
  };
}

/** Whisker style of every 'barWithErrorBars' dataset. */
export const ERROR_BAR_STYLE = {
  errorBarColor: '#17212b',
  errorBarWhiskerColor: '#17212b',
  errorBarLineWidth: 1.5,
  errorBarWhiskerLineWidth: 1.5,
} as const;

/** A mean with its 95 % CI as a whisker point: no bar without a mean, no whiskers without an interval. */
export function ciBarPoint(
  stat: { mean: number | null; ci95Low: number | null; ci95High: number | null } | undefined,
): IErrorBarYDataPoint | null {
  if (stat?.mean === null || stat?.mean === undefined) return null;
  return { y: stat.mean, yMin: stat.ci95Low ?? stat.mean, yMax: stat.ci95High ?? stat.mean };
}

/** Options of the whisker bar charts (seconds from zero, legend below). */
export const ciBarOptions = {
  scales: { y: { beginAtZero: true, title: { display: true, text: 's' } } },
  plugins: { legend: { position: 'bottom' as const } },
};

export const hasDistributions = (results: RunResults) => Object.keys(results.distributions ?? {}).length > 0;
