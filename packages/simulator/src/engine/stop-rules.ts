/**
 * Collective stop-selection rules, as pure functions over a car's demands (see demands.ts):
 * `calls[f]` > 0 when someone on board (or planned to be) gets off at f; `picks[callIndex(dir, f, n)]`
 * > 0 when the car must pick up at f in that direction. The car itself and the route planner (ETA
 * estimates) use the same rules, so estimates follow what the car will actually do. The rules are
 * written once, over `Demands`; the array forms at the end serve callers holding raw arrays.
 */
import { ANY_DEMAND, CALL, Demands, PICK_DOWN, PICK_UP, pickKind } from './demands.js';
import type { FloorMotion } from './floor-motion.js';
import { DOWN, NONE, UP, callIndex, type Dir } from './model.js';

/** Next stop strictly beyond `from` in direction d, nearest first; else the farthest reversal pickup; −1 if none. */
export function nextStopAhead(dm: Demands, from: number, d: Dir, hasRoom: boolean): number {
  const top = dm.n - 1;
  if (d === UP) {
    const g = dm.lowest(hasRoom ? CALL | PICK_UP : CALL, from + 1, top);
    return g >= 0 || !hasRoom ? g : dm.highest(PICK_DOWN, from + 1, top);
  }
  const g = dm.highest(hasRoom ? CALL | PICK_DOWN : CALL, 0, from - 1);
  return g >= 0 || !hasRoom ? g : dm.lowest(PICK_UP, 0, from - 1);
}

/** Any car call or pickup (either direction) strictly beyond `from` in direction d. */
export function hasDemandAhead(dm: Demands, from: number, d: Dir): boolean {
  return d === UP ? dm.lowest(ANY_DEMAND, from + 1, dm.n - 1) >= 0 : dm.highest(ANY_DEMAND, 0, from - 1) >= 0;
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
export function planFrom(dm: Demands, floor: number, d: Dir, hasRoom: boolean): number {
  const { picks, n } = dm;
  if (d !== NONE) {
    if (hasRoom && picks[callIndex(d, floor, n)]! > 0) return packStop(floor, d);
    const ahead = nextStopAhead(dm, floor, d, hasRoom);
    if (ahead >= 0) return packStop(ahead, d);
    const opp: Dir = d === UP ? DOWN : UP;
    if (hasRoom && picks[callIndex(opp, floor, n)]! > 0) return packStop(floor, opp);
    const back = nextStopAhead(dm, floor, opp, hasRoom);
    return back >= 0 ? packStop(back, opp) : -1;
  }
  if (hasRoom && picks[callIndex(UP, floor, n)]! > 0) return packStop(floor, UP);
  if (hasRoom && picks[callIndex(DOWN, floor, n)]! > 0) return packStop(floor, DOWN);
  const up = nextStopAhead(dm, floor, UP, hasRoom);
  const down = nextStopAhead(dm, floor, DOWN, hasRoom);
  if (up < 0 && down < 0) return -1;
  if (down < 0 || (up >= 0 && up - floor <= floor - down)) return packStop(up, UP);
  return packStop(down, DOWN);
}

/** Service direction when the doors open at `floor`, the car having travelled in direction d. */
export function departureDir(dm: Demands, floor: number, d: Dir): Dir {
  const { picks, n } = dm;
  if (d !== NONE) {
    if (picks[callIndex(d, floor, n)]! > 0 || hasDemandAhead(dm, floor, d)) return d;
    const opp: Dir = d === UP ? DOWN : UP;
    if (picks[callIndex(opp, floor, n)]! > 0 || hasDemandAhead(dm, floor, opp)) return opp;
    return NONE;
  }
  if (picks[callIndex(UP, floor, n)]! > 0) return UP;
  if (picks[callIndex(DOWN, floor, n)]! > 0) return DOWN;
  if (hasDemandAhead(dm, floor, UP)) return UP;
  if (hasDemandAhead(dm, floor, DOWN)) return DOWN;
  return NONE;
}

/**
 * First stop of a car in flight from `start` (originally bound for `target`, `elapsed` s ago) in
 * direction d: the nearest stop-worthy floor it can still stop at exactly, else the farthest
 * reachable reversal pickup; −1 if there is none ahead.
 */
export function stopInFlight(
  dm: Demands,
  motion: FloorMotion,
  start: number,
  target: number,
  elapsed: number,
  d: Dir,
  hasRoom: boolean,
): number {
  const top = dm.n - 1;
  const same = hasRoom ? CALL | pickKind(d) : CALL;
  if (d === UP) {
    for (let g = dm.lowest(same, start + 1, top); g >= 0; g = dm.lowest(same, g + 1, top))
      if (motion.canSwitch(start, target, g, elapsed)) return g;
    if (hasRoom)
      for (let g = dm.highest(PICK_DOWN, start + 1, top); g >= 0; g = dm.highest(PICK_DOWN, start + 1, g - 1))
        if (motion.canSwitch(start, target, g, elapsed)) return g;
  } else {
    for (let g = dm.highest(same, 0, start - 1); g >= 0; g = dm.highest(same, 0, g - 1))
      if (motion.canSwitch(start, target, g, elapsed)) return g;
    if (hasRoom)
      for (let g = dm.lowest(PICK_UP, 0, start - 1); g >= 0; g = dm.lowest(PICK_UP, g + 1, start - 1))
        if (motion.canSwitch(start, target, g, elapsed)) return g;
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
export function flightStopIn(
  dm: Demands,
  serves: Uint8Array,
  motion: FloorMotion,
  start: number,
  target: number,
  elapsed: number,
  hasRoom: boolean,
): number {
  const d: Dir = target > start ? UP : DOWN;
  const g = stopInFlight(dm, motion, start, target, elapsed, d, hasRoom);
  if (g >= 0) return g;
  return anyDemand(dm) ? nearestReachable(serves, motion, start, target, elapsed, d) : target;
}

export function anyDemand(dm: Demands): boolean {
  return dm.lowest(ANY_DEMAND, 0, dm.n - 1) >= 0;
}

// ------------------------------------------------- the same rules over a car's own arrays

/** Reused view of the arrays of the car being planned (the engine plans one car at a time). */
const carDemands = Demands.view();

/** `planFrom` over raw arrays (`calls` of n entries, `picks` of 2·n). */
export function planFromFloor(
  calls: Int32Array,
  picks: Int32Array,
  n: number,
  floor: number,
  d: Dir,
  hasRoom: boolean,
): number {
  return planFrom(carDemands.bind(calls, picks, n), floor, d, hasRoom);
}

/** `departureDir` over raw arrays. */
export function departureDirection(
  calls: Int32Array,
  picks: Int32Array,
  n: number,
  floor: number,
  d: Dir,
): Dir {
  return departureDir(carDemands.bind(calls, picks, n), floor, d);
}

/** `flightStopIn` over raw arrays (n = calls.length). */
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
  return flightStopIn(
    carDemands.bind(calls, picks, calls.length),
    serves,
    motion,
    start,
    target,
    elapsed,
    hasRoom,
  );
}
