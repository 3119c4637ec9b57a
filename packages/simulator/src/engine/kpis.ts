/**
 * KPIs from per-passenger records, following domain.md. Published figures are rounded to
 * milliseconds / 3 decimals so floating-point noise can never change a results file.
 */
import type { KpiSummary, PassengerRecord, PeriodKpis, WaitHistogram } from '@hoistway/shared-types';

export const PERIOD = 300;
export const HISTOGRAM_BIN = 5;
/** Bins [0,5) … [115,120) and an open-ended [120, ∞). */
export const HISTOGRAM_BINS = 25;

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export interface KpiInput {
  records: readonly PassengerRecord[];
  warmUp: number;
  endTime: number;
  population: number;
  /** Times cars left the main entrance floor, ascending. */
  mainDepartures: readonly number[];
}

const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

/** Largest number of times inside any window [t, t + width), times ascending. */
export function busiestWindow(sorted: readonly number[], width: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= width) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

export function computeSeries(records: readonly PassengerRecord[], endTime: number): PeriodKpis[] {
  const count = Math.max(1, Math.ceil(endTime / PERIOD));
  const periods = Array.from({ length: count }, (_, k) => ({
    start: k * PERIOD,
    arrivals: 0,
    boarded: 0,
    delivered: 0,
    waitSum: 0,
    tripSum: 0,
    longest: -Infinity,
  }));
  const at = (t: number) => periods[Math.min(count - 1, Math.floor(t / PERIOD))]!;
  for (const r of records) {
    at(r.arrival).arrivals++;
    if (!r.counted || r.waitTime === null || r.boardDoorOpen === null) continue;
    const b = at(r.boardDoorOpen);
    b.boarded++;
    b.waitSum += r.waitTime;
    b.longest = Math.max(b.longest, r.waitTime);
    if (r.alightDoorOpen !== null && r.transitTime !== null) {
      const d = at(r.alightDoorOpen);
      d.delivered++;
      d.tripSum += r.waitTime + r.transitTime;
    }
  }
  return periods.map((p) => ({
    start: p.start,
    arrivals: p.arrivals,
    boarded: p.boarded,
    delivered: p.delivered,
    awt: p.boarded > 0 ? round3(p.waitSum / p.boarded) : null,
    attd: p.delivered > 0 ? round3(p.tripSum / p.delivered) : null,
    longestWait: p.boarded > 0 ? round3(p.longest) : null,
  }));
}

export function computeHistogram(records: readonly PassengerRecord[]): WaitHistogram {
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const r of records) {
    if (!r.counted || r.waitTime === null) continue;
    counts[Math.min(HISTOGRAM_BINS - 1, Math.floor(r.waitTime / HISTOGRAM_BIN))]!++;
  }
  return { binWidth: HISTOGRAM_BIN, counts };
}

export function computeKpis(input: KpiInput, series: readonly PeriodKpis[]): KpiSummary {
  const { records, warmUp, population } = input;
  const waits: number[] = [];
  const trips: number[] = [];
  const transits: number[] = [];
  let delivered = 0;
  const boardTimes: number[] = [];
  for (const r of records) {
    if (r.alightDoorOpen !== null) delivered++;
    if (r.boardDoorOpen !== null && r.boardDoorOpen >= warmUp) boardTimes.push(r.boardDoorOpen);
    if (!r.counted || r.waitTime === null) continue;
    waits.push(r.waitTime);
    if (r.transitTime !== null) {
      transits.push(r.transitTime);
      trips.push(r.waitTime + r.transitTime);
    }
  }
  const sorted = waits.slice().sort((a, b) => a - b);
  boardTimes.sort((a, b) => a - b);
  const departures = input.mainDepartures.filter((t) => t >= warmUp);
  const interval =
    departures.length >= 2
      ? (departures[departures.length - 1]! - departures[0]!) / (departures.length - 1)
      : null;
  const hc5 = busiestWindow(boardTimes, PERIOD);
  let worst = 0;
  for (const p of series) if (p.awt !== null && p.awt > worst) worst = p.awt;
  return {
    generated: records.length,
    delivered,
    inSystem: records.length - delivered,
    counted: waits.length,
    awt: round3(mean(waits)),
    attd: round3(mean(trips)),
    averageTransit: round3(mean(transits)),
    longestWait: round3(sorted.length ? sorted[sorted.length - 1]! : 0),
    p95Wait: round3(percentile(sorted, 0.95)),
    percentWaitsOver60: round3(waits.length ? (100 * waits.filter((w) => w > 60).length) / waits.length : 0),
    meanSquaredWait: round3(mean(waits.map((w) => w * w))),
    worst5MinAwt: round3(worst),
    interval: interval === null ? null : round3(interval),
    hc5Persons: hc5,
    hc5Percent: round3(population > 0 ? (100 * hc5) / population : 0),
  };
}
