/**
 * Chart.js data for the comparison view, built from stored run results (pure, so they are unit-tested
 * without a canvas).
 */
import { clockTime } from '../traffic/traffic-draft.js';
import type { RunResults, WaitDistribution } from '@hoistway/shared-types';

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
 * as times of day when the run starts at a known hour (`startHour`, 7 for the daily profile), else h:mm.
 */
export function awtSeriesChart(results: RunResults, startHour: number | null = null) {
  const starts = [
    ...new Set(Object.values(results.distributions ?? {}).flatMap((d) => d.series.map((p) => p.start))),
  ].sort((a, b) => a - b);
  return {
    labels: starts.map((s) => clockTime(s, startHour)),
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

export const hasDistributions = (results: RunResults) => Object.keys(results.distributions ?? {}).length > 0;
