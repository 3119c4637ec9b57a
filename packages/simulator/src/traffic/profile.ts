import type { Building, Traffic } from '@hoistway/shared-types';
import { ratePlan, tripKind, type TripKind } from './rate-plan.js';

export interface RateProfilePoint {
  /** Start of the window, s. */
  time: number;
  /** Expected arrivals per 5 minutes, averaged over [time, time + step). */
  perFiveMinutes: number;
  incoming: number;
  outgoing: number;
  interfloor: number;
}

export interface RateProfileOptions {
  duration: number;
  /** Window length, s; default: 60 s, longer for long runs (at most ~144 points). */
  step?: number;
}

/**
 * Expected arrivals per 5 minutes over the run, split by trip kind, for the preview chart. Template and
 * OD traffic give their exact rates; a passenger list gives its counts per window, scaled to 5 minutes.
 */
export function arrivalRateProfile(
  building: Building,
  traffic: Traffic,
  opts: RateProfileOptions,
): RateProfilePoint[] {
  const { duration } = opts;
  const step = opts.step ?? defaultStep(duration);
  if (!(step > 0) || !(duration > 0) || !Number.isFinite(duration)) return [];
  const windows = Math.ceil(duration / step);
  // Persons per window and kind.
  const counts = Array.from(
    { length: windows },
    () => ({ incoming: 0, outgoing: 0, interfloor: 0 }) as Record<TripKind, number>,
  );

  if (traffic.kind === 'passengers') {
    for (const p of traffic.passengers) {
      if (p.time >= duration) continue;
      counts[Math.floor(p.time / step)]![tripKind(building, p.origin, p.destination)] += p.count;
    }
  } else {
    for (const segment of ratePlan(building, traffic, duration)) {
      const first = Math.floor(segment.start / step);
      for (let w = first; w < windows && w * step < segment.end; w++) {
        const overlap = Math.min(segment.end, (w + 1) * step) - Math.max(segment.start, w * step);
        if (overlap <= 0) continue;
        for (const trip of segment.trips) counts[w]![trip.kind] += trip.rate * overlap;
      }
    }
  }

  return counts.map((c, w) => {
    const time = w * step;
    const toFiveMinutes = 300 / (Math.min(duration, time + step) - time);
    const incoming = c.incoming * toFiveMinutes;
    const outgoing = c.outgoing * toFiveMinutes;
    const interfloor = c.interfloor * toFiveMinutes;
    return { time, perFiveMinutes: incoming + outgoing + interfloor, incoming, outgoing, interfloor };
  });
}

function defaultStep(duration: number): number {
  return Math.max(60, Math.ceil(duration / 144 / 60) * 60);
}
