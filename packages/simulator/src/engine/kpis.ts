/**
 * KPIs from per-passenger records, as defined in docs/architecture.md (KPIs). Published figures are rounded to
 * milliseconds / 3 decimals so floating-point noise can never change a results file.
 *
 * Waiting KPIs cover every passenger who arrived after warm-up: a passenger still waiting when the
 * run ends counts with the wait so far (end time − arrival), a censored lower bound, so that a
 * saturated run cannot look better by leaving its longest waits out. Transit and time to
 * destination are over delivered passengers only.
 */
import type {
  GroupKpis,
  KpiSummary,
  PassengerRecord,
  PeriodKpis,
  WaitHistogram,
} from '@hoistway/shared-types';

export const PERIOD = 300;
export const HISTOGRAM_BIN = 5;
/** Bins [0,5) … [115,120) and an open-ended [120, ∞). */
export const HISTOGRAM_BINS = 25;

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** What the KPIs need to know about one car group. */
export interface KpiGroupInput {
  name: string;
  /** One full load of every car of the group: Σ floor(capacity × loading factor). */
  pickupCapacity: number;
  /** Times the group's cars left its main entrance floor (its lowest entrance floor), ascending. */
  mainDepartures: readonly number[];
}

export interface KpiInput {
  records: readonly PassengerRecord[];
  warmUp: number;
  /** End of arrivals (the configured duration): the measured period is [warmUp, duration). */
  duration: number;
  /** Time the run ended (or now, for a run still going): censored waits end here. */
  endTime: number;
  population: number;
  /** Car groups in building order. */
  groups: readonly KpiGroupInput[];
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

/**
 * The wait a counted passenger is measured with: the actual wait once boarded, else the elapsed
 * wait at `endTime` (censored; never negative). Null for passengers outside the KPIs (warm-up).
 */
export function measuredWait(r: PassengerRecord, endTime: number): number | null {
  if (!r.counted) return null;
  if (r.waitTime !== null) return r.waitTime;
  return Math.max(0, endTime - r.arrival);
}

/** Mean time between successive times (ascending), or null with fewer than two. */
export function meanInterval(times: readonly number[]): number | null {
  return times.length >= 2 ? (times[times.length - 1]! - times[0]!) / (times.length - 1) : null;
}

/**
 * Mean boardings per 5 minutes in the measured period [warmUp, min(duration, endTime)), or null while
 * that period is empty.
 */
export function throughputPer5Min(
  boardTimes: readonly number[],
  warmUp: number,
  duration: number,
  endTime: number,
): number | null {
  const end = Math.min(duration, endTime);
  if (!(end > warmUp)) return null;
  let n = 0;
  for (const t of boardTimes) if (t >= warmUp && t < end) n++;
  return (n * PERIOD) / (end - warmUp);
}

/** Still-waiting passengers beyond one full load of every car: the group cannot keep up. */
export function isSaturated(stillWaiting: number, pickupCapacity: number): boolean {
  return stillWaiting > 0 && stillWaiting > pickupCapacity;
}

export function computeSeries(records: readonly PassengerRecord[], endTime: number): PeriodKpis[] {
  const count = Math.max(1, Math.ceil(endTime / PERIOD));
  const periods = Array.from({ length: count }, (_, k) => ({
    start: k * PERIOD,
    arrivals: 0,
    boarded: 0,
    delivered: 0,
    stillWaiting: 0,
    waitSum: 0,
    tripSum: 0,
    longest: -Infinity,
  }));
  const at = (t: number) => periods[Math.min(count - 1, Math.max(0, Math.floor(t / PERIOD)))]!;
  for (const r of records) {
    at(r.arrival).arrivals++;
    if (!r.counted) continue;
    if (r.waitTime === null || r.boardDoorOpen === null) {
      // Censored: the wait so far ends with the run, in the last period.
      const wait = Math.max(0, endTime - r.arrival);
      const last = periods[count - 1]!;
      last.stillWaiting++;
      last.waitSum += wait;
      last.longest = Math.max(last.longest, wait);
      continue;
    }
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
  return periods.map((p) => {
    const waits = p.boarded + p.stillWaiting;
    return {
      start: p.start,
      arrivals: p.arrivals,
      boarded: p.boarded,
      delivered: p.delivered,
      awt: waits > 0 ? round3(p.waitSum / waits) : null,
      attd: p.delivered > 0 ? round3(p.tripSum / p.delivered) : null,
      longestWait: waits > 0 ? round3(p.longest) : null,
      stillWaiting: p.stillWaiting,
    };
  });
}

/** Histogram of the counted passengers' waits (censored waits at their elapsed time). */
export function computeHistogram(records: readonly PassengerRecord[], endTime: number): WaitHistogram {
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const r of records) {
    const wait = measuredWait(r, endTime);
    if (wait === null) continue;
    counts[Math.min(HISTOGRAM_BINS - 1, Math.floor(wait / HISTOGRAM_BIN))]!++;
  }
  return { binWidth: HISTOGRAM_BIN, counts };
}

export function computeKpis(input: KpiInput, series: readonly PeriodKpis[]): KpiSummary {
  const { records, warmUp, population, endTime } = input;
  const waits: number[] = [];
  const trips: number[] = [];
  const transits: number[] = [];
  let delivered = 0;
  let stillWaiting = 0;
  const waitingByGroup = new Map<string, number>();
  const boardTimes: number[] = [];
  for (const r of records) {
    if (r.alightDoorOpen !== null) delivered++;
    if (r.boardDoorOpen !== null && r.boardDoorOpen >= warmUp) boardTimes.push(r.boardDoorOpen);
    const wait = measuredWait(r, endTime);
    if (wait === null) continue;
    waits.push(wait);
    if (r.waitTime === null) {
      stillWaiting++;
      waitingByGroup.set(r.group, (waitingByGroup.get(r.group) ?? 0) + 1);
    } else if (r.transitTime !== null) {
      transits.push(r.transitTime);
      trips.push(r.waitTime + r.transitTime);
    }
  }
  const sorted = waits.slice().sort((a, b) => a - b);
  boardTimes.sort((a, b) => a - b);

  const groups: GroupKpis[] = input.groups.map((g) => {
    const interval = meanInterval(g.mainDepartures.filter((t) => t >= warmUp));
    const waiting = waitingByGroup.get(g.name) ?? 0;
    return {
      group: g.name,
      interval: interval === null ? null : round3(interval),
      stillWaiting: waiting,
      pickupCapacity: g.pickupCapacity,
      saturated: isSaturated(waiting, g.pickupCapacity),
    };
  });
  const intervals = groups.map((g) => g.interval).filter((v): v is number => v !== null);
  const throughput = throughputPer5Min(boardTimes, warmUp, input.duration, endTime);
  const peak = busiestWindow(boardTimes, PERIOD);
  const percentOfPopulation = (x: number | null) =>
    x === null || !(population > 0) ? null : round3((100 * x) / population);
  let worst = 0;
  for (const p of series) if (p.awt !== null && p.awt > worst) worst = p.awt;
  return {
    generated: records.length,
    delivered,
    inSystem: records.length - delivered,
    counted: waits.length,
    stillWaiting,
    awt: round3(mean(waits)),
    attd: round3(mean(trips)),
    averageTransit: round3(mean(transits)),
    longestWait: round3(sorted.length ? sorted[sorted.length - 1]! : 0),
    p95Wait: round3(percentile(sorted, 0.95)),
    percentWaitsOver60: round3(waits.length ? (100 * waits.filter((w) => w > 60).length) / waits.length : 0),
    meanSquaredWait: round3(mean(waits.map((w) => w * w))),
    worst5MinAwt: round3(worst),
    interval: intervals.length > 0 ? round3(mean(intervals)) : null,
    throughput5MinPersons: throughput === null ? null : round3(throughput),
    throughput5MinPercent: percentOfPopulation(throughput),
    peak5MinPersons: peak,
    peak5MinPercent: percentOfPopulation(peak),
    saturated: groups.some((g) => g.saturated),
    groups,
  };
}
