import type { Traffic } from './traffic.js';

/** Run time 0 of the daily office profile (`template: 'daily'`) is 07:00. */
export const DAILY_PROFILE_START_HOUR = 7;

/**
 * Clock time of run time 0, in seconds after midnight, where the traffic has one (the daily profile
 * starts at 07:00); null where the run has no time of day (peaks and custom traffic count from 0).
 */
export function trafficStartClock(traffic: Traffic): number | null {
  if (traffic.kind === 'template' && traffic.template === 'daily') return DAILY_PROFILE_START_HOUR * 3600;
  return null;
}
