import { DAILY_PROFILE_START_HOUR, type TrafficMix } from '@hoistway/shared-types';

/** One period of the daily office profile; times are seconds from the start of the run (07:00). */
export interface DailyPeriod {
  start: number;
  end: number;
  /** Fraction of the traffic's intensity (1 = the busiest period). */
  level: number;
  mix: TrafficMix;
}

const CLOCK_START_HOUR = DAILY_PROFILE_START_HOUR;

function sinceOpening(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return ((h ?? 0) - CLOCK_START_HOUR) * 3600 + (m ?? 0) * 60;
}

function period(
  from: string,
  to: string,
  level: number,
  [incoming, outgoing, interfloor]: [number, number, number],
): DailyPeriod {
  return { start: sinceOpening(from), end: sinceOpening(to), level, mix: { incoming, outgoing, interfloor } };
}

/**
 * The daily office profile (`template: 'daily'`): 07:00–19:00, run time 0 = 07:00.
 * `level` scales the traffic's intensity, so the intensity is the morning peak's level.
 *
 *   period        level  in/out/inter %   what happens
 *   07:00–07:30   0.25   90/ 5/ 5         early arrivals
 *   07:30–08:00   0.50   85/10/ 5         up-peak builds
 *   08:00–08:45   1.00   85/10/ 5         morning up-peak (busiest)
 *   08:45–09:30   0.40   70/15/15         late arrivals
 *   09:30–11:30   0.10   15/15/70         mid-morning interfloor
 *   11:30–12:00   0.30   15/60/25         leaving for lunch
 *   12:00–13:00   0.40   45/45/10         lunch two-way
 *   13:00–13:30   0.40   65/20/15         back from lunch
 *   13:30–16:30   0.10   15/15/70         afternoon interfloor
 *   16:30–17:00   0.35   10/60/30         first departures
 *   17:00–17:45   0.60    5/85/10         evening down-peak
 *   17:45–18:30   0.30    5/85/10         late departures
 *   18:30–19:00   0.15    5/85/10         stragglers
 *
 * Over the day this sums to 43.2 "busiest-period five minutes", i.e. 43.2 × intensity % of the
 * population: at the default intensity 12 that is 5.2 trips per person (≈ 8,550 passengers for the
 * 20-floor example's 1,650 people), of which about 2 incoming and 2 outgoing (arrive, lunch, leave)
 * plus ~1 interfloor. Arrivals stop at 19:00 (the building is closed until the next morning).
 */
export const DAILY_PROFILE: readonly DailyPeriod[] = [
  period('07:00', '07:30', 0.25, [90, 5, 5]),
  period('07:30', '08:00', 0.5, [85, 10, 5]),
  period('08:00', '08:45', 1, [85, 10, 5]),
  period('08:45', '09:30', 0.4, [70, 15, 15]),
  period('09:30', '11:30', 0.1, [15, 15, 70]),
  period('11:30', '12:00', 0.3, [15, 60, 25]),
  period('12:00', '13:00', 0.4, [45, 45, 10]),
  period('13:00', '13:30', 0.4, [65, 20, 15]),
  period('13:30', '16:30', 0.1, [15, 15, 70]),
  period('16:30', '17:00', 0.35, [10, 60, 30]),
  period('17:00', '17:45', 0.6, [5, 85, 10]),
  period('17:45', '18:30', 0.3, [5, 85, 10]),
  period('18:30', '19:00', 0.15, [5, 85, 10]),
];

/** Length of the daily office profile, s (07:00–19:00). */
export const DAILY_PROFILE_DURATION: number = DAILY_PROFILE[DAILY_PROFILE.length - 1]!.end;
