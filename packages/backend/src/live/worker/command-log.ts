import type { CommandLogEntry } from '../../repositories/sessions.js';
import type { LiveSimulation } from './live-simulation.js';

/**
 * Advances `sim` to `target`, applying every logged command whose time falls on the way at exactly
 * its time. Starting at `cursor` (the first entry not applied yet), returns the new cursor. This is
 * both the replay after a restart and the normal way a resumed session catches up with its log.
 */
export function advanceApplyingLog(
  sim: LiveSimulation,
  log: readonly CommandLogEntry[],
  cursor: number,
  target: number,
): number {
  let next = cursor;
  while (next < log.length && log[next]!.time <= target) {
    const entry = log[next]!;
    sim.advanceTo(entry.time);
    sim.command(entry.command);
    next++;
  }
  sim.advanceTo(target);
  return next;
}
