/** Number and time formatting used across screens. */
import { trafficStartClock, type Traffic } from '@hoistway/shared-types';

export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Sim clock as h:mm:ss. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

/** Clock time of run time 0 for a traffic (seconds after midnight), or null where runs count from 0. */
export function startClockOf(traffic: Traffic | null | undefined): number | null {
  return traffic ? trafficStartClock(traffic) : null;
}

/**
 * A run time on a chart axis or in a table, in whole minutes: the time of day (`07:30`) when the run
 * has a start clock (`startClock`, seconds after midnight), else the elapsed time as h:mm (`0:30`).
 */
export function clockTime(seconds: number, startClock: number | null = null): string {
  const total = Math.round(((startClock ?? 0) + seconds) / 60);
  const h = Math.floor(total / 60);
  const m = String(total % 60).padStart(2, '0');
  return startClock === null ? `${h}:${m}` : `${String(h % 24).padStart(2, '0')}:${m}`;
}
