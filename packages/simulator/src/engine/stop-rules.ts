/**
 * Collective stop-selection rules, as pure functions over a car's demand arrays:
 * `calls[f]` > 0 when someone on board (or planned to be) gets off at f; `picks[dir·n + f]` > 0
 * when the car must pick up at f in that direction. The car itself and the route planner (ETA
 * estimates) use the same rules, so estimates follow what the car will actually do.
 */
import type { FloorMotion } from './floor-motion.js';
import { DOWN, NONE, UP, type Dir } from './model.js';

/** Next stop strictly beyond `from` in direction d, nearest first; else the farthest reversal pickup; −1 if none. */
export function nextStopAhead(
  calls: Int32Array,
  picks: Int32Array,
  n: number,
  from: number,
  d: Dir,
  hasRoom: boolean,
): number {
  if (d === UP) {
    for (let g = from + 1; g < n; g++) if (calls[g]! > 0 || (hasRoom && picks[g]! > 0)) return g;
    if (hasRoom) for (let g = n - 1; g > from; g--) if (picks[n + g]! > 0) return g;
  } else {
    for (let g = from - 1; g >= 0; g--) if (calls[g]! > 0 || (hasRoom && picks[n + g]! > 0)) return g;
    if (hasRoom) for (let g = 0; g < from; g++) if (picks[g]! > 0) return g;
  }
  return -1;
}

/** Any car call or pickup (either direction) strictly beyond `from` in direction d. */
export function hasDemandAhead(
  calls: Int32Array,
  picks: Int32Array,
  n: number,
  from: number,
  d: Dir,
): boolean {
  if (d === UP) {
    for (let g = from + 1; g < n; g++) if (calls[g]! > 0 || picks[g]! > 0 || picks[n + g]! > 0) return true;
  } else {
    for (let g = from - 1; g >= 0; g--) if (calls[g]! > 0 || picks[g]! > 0 || picks[n + g]! > 0) return true;
  }
  return false;
}

/** Packs a planned stop: floor and the direction it will serve. */
export function packStop(floor: number, dir: Dir): number {
  return floor * 3 + dir + 1;
}
export function stopFloor(packed: number): number {
  return Math.floor(packed / 3);
}
export function stopDir(packed: number): Dir {
  return ((packed % 3) - 1) as Dir;
}

/**
 * Where a car standing at `floor` (doors closed) with service direction d goes next: keep the
 * direction while there is anything to do ahead (serving a pickup here first), else reverse, else
 * (idle) head for the nearest demand. Returns a packed stop, or −1 when there is nothing to do.
 */
export function planFromFloor(
  calls: Int32Array,
  picks: Int32Array,
  n: number,
  floor: number,
  d: Dir,
  hasRoom: boolean,
): number {
  if (d !== NONE) {
    if (hasRoom && picks[d * n + floor]! > 0) return packStop(floor, d);
    const ahead = nextStopAhead(calls, picks, n, floor, d, hasRoom);
    if (ahead >= 0) return packStop(ahead, d);
    const opp: Dir = d === UP ? DOWN : UP;
    if (hasRoom && picks[opp * n + floor]! > 0) return packStop(floor, opp);
    const back = nextStopAhead(calls, picks, n, floor, opp, hasRoom);
    return back >= 0 ? packStop(back, opp) : -1;
  }
  if (hasRoom && picks[floor]! > 0) return packStop(floor, UP);
  if (hasRoom && picks[n + floor]! > 0) return packStop(floor, DOWN);
  const up = nextStopAhead(calls, picks, n, floor, UP, hasRoom);
  const down = nextStopAhead(calls, picks, n, floor, DOWN, hasRoom);
  if (up < 0 && down < 0) return -1;
  if (down < 0 || (up >= 0 && up - floor <= floor - down)) return packStop(up, UP);
  return packStop(down, DOWN);
}

/** Service direction when the doors open at `floor`, the car having travelled in direction d. */
export function departureDirection(
  calls: Int32Array,
  picks: Int32Array,
  n: number,
  floor: number,
  d: Dir,
): Dir {
  if (d !== NONE) {
    if (picks[d * n + floor]! > 0 || hasDemandAhead(calls, picks, n, floor, d)) return d;
    const opp: Dir = d === UP ? DOWN : UP;
    if (picks[opp * n + floor]! > 0 || hasDemandAhead(calls, picks, n, floor, opp)) return opp;
    return NONE;
  }
  if (picks[floor]! > 0) return UP;
  if (picks[n + floor]! > 0) return DOWN;
  if (hasDemandAhead(calls, picks, n, floor, UP)) return UP;
  if (hasDemandAhead(calls, picks, n, floor, DOWN)) return DOWN;
  return NONE;
}

/**
 * First stop of a car in flight from `start` (originally bound for `target`, `elapsed` s ago) in
 * direction d: the nearest stop-worthy floor it can still stop at exactly, else the farthest
 * reachable reversal pickup; −1 if there is none ahead.
 */
export function stopInFlight(
  calls: Int32Array,
  picks: Int32Array,
  n: number,
  motion: FloorMotion,
  start: number,
  target: number,
  elapsed: number,
  d: Dir,
  hasRoom: boolean,
): number {
  const step = d === UP ? 1 : -1;
  const end = d === UP ? n : -1;
  const same = d * n;
  for (let g = start + step; g !== end; g += step) {
    if ((calls[g]! > 0 || (hasRoom && picks[same + g]! > 0)) && motion.canSwitch(start, target, g, elapsed))
      return g;
  }
  if (hasRoom) {
    const opp = (1 - d) * n;
    for (let g = end - step; g !== start; g -= step) {
      if (picks[opp + g]! > 0 && motion.canSwitch(start, target, g, elapsed)) return g;
    }
  }
  return -1;
}

/** Nearest floor ahead that the car serves and can still stop at (a moving car that must turn around). */
export function nearestReachable(
  serves: Uint8Array,
  motion: FloorMotion,
  start: number,
  target: number,
  elapsed: number,
  d: Dir,
): number {
  const step = d === UP ? 1 : -1;
  for (let g = start + step; g !== target; g += step) {
    if (serves[g] === 1 && motion.canSwitch(start, target, g, elapsed)) return g;
  }
  return target;
}

/**
 * Where a car in flight should now stop (the car itself and the route planner share this): the
 * first stop in flight; with nothing ahead, the nearest reachable served floor if anything waits
 * behind, else the original target (a parking trip).
 */
export function flightStop(
  calls: Int32Array,
  picks: Int32Array,
  serves: Uint8Array,
  motion: FloorMotion,
  start: number,
  target: number,
  elapsed: number,
  hasRoom: boolean,
): number {
  const n = calls.length;
  const d: Dir = target > start ? UP : DOWN;
  const g = stopInFlight(calls, picks, n, motion, start, target, elapsed, d, hasRoom);
  if (g >= 0) return g;
  return anyDemand(calls, picks) ? nearestReachable(serves, motion, start, target, elapsed, d) : target;
}

export function anyDemand(calls: Int32Array, picks: Int32Array): boolean {
  for (let i = 0; i < calls.length; i++) if (calls[i]! > 0) return true;
  for (let i = 0; i < picks.length; i++) if (picks[i]! > 0) return true;
  return false;
}
