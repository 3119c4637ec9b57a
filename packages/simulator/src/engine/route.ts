/**
 * Planned stop list of a car: replays the collective stop rules from the car's present state on
 * scratch copies of its demands, timing each stop (flight, door opening, transfers/dwell, door
 * closing, start delay). Used for least-cost (ETA) estimates, decision features and snapshots.
 */
import { DOWN, NONE, Phase, UP, type CarState, type Dir, type GroupState } from './model.js';
import { departureDirection, flightStop, planFromFloor, stopDir, stopFloor } from './stop-rules.js';
import type { ExpectedDestinations } from './expected-destinations.js';
import type { InsertionEstimate } from './types.js';

export interface RouteEnv {
  readonly floorCount: number;
  readonly mainEntrance: number;
  readonly destinationControl: boolean;
  readonly groups: readonly GroupState[];
  readonly expected: ExpectedDestinations;
}

/** A pickup to add to the plan: floor, direction and (destination control) destination. */
export interface ExtraCall {
  floor: number;
  dir: Dir;
  destination: number | null;
}

interface RouteBuffers {
  servedAt: Float64Array;
  alightAt: Float64Array;
}

export class RoutePlanner {
  private readonly n: number;
  private readonly calls: Int32Array;
  private readonly picks: Int32Array;
  private readonly boarders: Float64Array;
  private readonly base: RouteBuffers;
  private readonly withCall: RouteBuffers;
  /** Floors of the last planned route, in order. */
  readonly stops: Int32Array;
  stopCount = 0;
  private extraServed = NaN;
  private extraAlight = NaN;
  private extraStopsBefore = 0;
  private readonly pickupIndex: number[] = [];
  private readonly basePickups: number[] = [];
  // State of the route being planned (kept on the instance so the hot loop allocates nothing).
  private car: CarState | null = null;
  private extra: ExtraCall | null = null;
  private out: RouteBuffers | null = null;
  private extraPending = false;
  private pos = 0;
  private dir: Dir = NONE;
  private ready = 0;
  /** When the last planned route ends (the car is free again). */
  private routeEnd = 0;

  constructor(private readonly env: RouteEnv) {
    const n = env.floorCount;
    this.n = n;
    this.calls = new Int32Array(n);
    this.picks = new Int32Array(2 * n);
    this.boarders = new Float64Array(2 * n);
    this.base = { servedAt: new Float64Array(2 * n), alightAt: new Float64Array(n) };
    this.withCall = { servedAt: new Float64Array(2 * n), alightAt: new Float64Array(n) };
    this.stops = new Int32Array(4 * n + 8);
  }

  /** Floors of the car's planned stops in service order (for snapshots). */
  plannedStops(car: CarState, now: number): number[] {
    this.run(car, now, null, this.base);
    return Array.from(this.stops.subarray(0, this.stopCount));
  }

  /** Effect of adding `extra` to the car's plan. */
  estimate(car: CarState, now: number, extra: ExtraCall, out: InsertionEstimate): InsertionEstimate {
    this.run(car, now, null, this.base);
    const plannedStops = this.stopCount;
    const baseEnd = this.routeEnd;
    const idx = this.basePickups;
    idx.length = 0;
    for (const k of this.pickupIndex) idx.push(k);
    this.run(car, now, extra, this.withCall);
    const horizon = 3600;
    let addedWait = 0;
    for (const k of idx) {
      const before = this.base.servedAt[k]!;
      if (Number.isNaN(before)) continue;
      const after = this.withCall.servedAt[k]!;
      const delta = Number.isNaN(after) ? horizon : after - before;
      addedWait += Math.max(1, this.boarders[k]!) * delta;
    }
    let addedRide = 0;
    for (let f = 0; f < this.n; f++) {
      const riders = car.onboardByDest[f]!;
      if (riders === 0) continue;
      const before = this.base.alightAt[f]!;
      const after = this.withCall.alightAt[f]!;
      if (!Number.isNaN(before)) addedRide += riders * (Number.isNaN(after) ? horizon : after - before);
    }
    const served = this.extraServed;
    out.eta = Number.isNaN(served) ? horizon : Math.max(0, served - now);
    out.addedWait = Math.max(0, addedWait);
    out.addedRide = Math.max(0, addedRide);
    out.newRide = Number.isNaN(this.extraAlight) || Number.isNaN(served) ? 0 : this.extraAlight - served;
    out.stopsBefore = this.extraStopsBefore;
    out.plannedStops = plannedStops;
    out.addedStops = Math.max(0, this.stopCount - plannedStops);
    out.addedBusy = Math.max(0, this.routeEnd - baseEnd);
    return out;
  }

  private run(car: CarState, now: number, extra: ExtraCall | null, out: RouteBuffers): void {
    const n = this.n;
    const { calls, picks, boarders } = this;
    const group = this.env.groups[car.group]!;
    const dc = this.env.destinationControl;
    calls.set(car.onboardByDest);
    picks.set(car.pickups);
    out.servedAt.fill(NaN);
    out.alightAt.fill(NaN);
    this.pickupIndex.length = 0;
    for (let k = 0; k < 2 * n; k++) {
      if (picks[k]! > 0) this.pickupIndex.push(k);
      boarders[k] = 0;
    }
    if (dc) for (const p of car.allocated) boarders[p.dir * n + p.origin]! += 1;
    else for (const k of this.pickupIndex) boarders[k] = group.queues[k]!.length;
    if (extra) {
      const k = extra.dir * n + extra.floor;
      picks[k]! += 1;
      boarders[k]! += 1;
    }
    this.stopCount = 0;
    this.extraServed = NaN;
    this.extraAlight = NaN;
    this.extraStopsBefore = 0;
    this.extraPending = false;
    this.car = car;
    this.extra = extra;
    this.out = out;

    const hasRoom = car.load < car.boardLimit;
    let pos = car.floor;
    let d: Dir = car.dir;
    let ready = now;

    switch (car.phase) {
      case Phase.Moving: {
        const elapsed = now - car.flightStart;
        const travel: Dir = car.target > car.floor ? UP : DOWN;
        const g = flightStop(calls, picks, car.serves, car.motion, car.floor, car.target, elapsed, hasRoom);
        const arrive = car.flightStart + car.motion.flightTime(car.floor, g);
        this.visit(g, departureDirection(calls, picks, n, g, travel), arrive);
        pos = this.pos;
        d = this.dir;
        ready = this.ready;
        break;
      }
      case Phase.Idle:
        d = NONE;
        break;
      case Phase.Starting:
        // phaseEnd is the departure; `ready` excludes the start delay, which every departure adds.
        ready = car.phaseEnd - car.startDelay;
        break;
      case Phase.Opening: {
        const boardingNow = d === NONE ? 0 : Math.min(group.queues[d * n + pos]!.length, car.boardLimit);
        const transfers = car.onboardByDest[pos]! + boardingNow;
        ready = car.phaseEnd + Math.max(car.dwellTime, car.transferTime * transfers) + car.doorCloseTime;
        break;
      }
      case Phase.Open:
        ready = car.phaseEnd + car.doorCloseTime;
        break;
      case Phase.Closing:
        ready = car.phaseEnd;
        break;
    }

    const doorsOpen = car.phase === Phase.Opening || car.phase === Phase.Open;
    if (doorsOpen && d !== NONE && picks[d * n + pos]! > 0) {
      // Passengers allocated to this stop board now, not at a later stop here.
      picks[d * n + pos] = 0;
      this.addExpectedCalls(car, pos, d, null);
    }
    // A standing car with doors opening/open here, going the call's way, takes the passenger at once.
    if (extra && doorsOpen && extra.floor === pos && (d === extra.dir || d === NONE) && hasRoom) {
      const k = extra.dir * n + pos;
      picks[k]! -= 1;
      boarders[k]! -= 1;
      this.extraServed = now;
      this.extraStopsBefore = 0;
      d = extra.dir;
      ready += car.transferTime;
      if (extra.destination !== null) {
        calls[extra.destination]! += 1;
        this.extraPending = true;
      }
    }

    const limit = this.stops.length;
    for (let steps = 0; steps < limit; steps++) {
      const packed = planFromFloor(calls, picks, n, pos, d, true);
      if (packed < 0) break;
      const g = stopFloor(packed);
      if (g === pos) this.visit(g, stopDir(packed), ready);
      else {
        const travel: Dir = g > pos ? UP : DOWN;
        const arrive = ready + car.startDelay + car.motion.flightTime(pos, g);
        this.visit(g, departureDirection(calls, picks, n, g, travel), arrive);
      }
      pos = this.pos;
      d = this.dir;
      ready = this.ready;
    }
    this.routeEnd = ready;
  }

  /** One planned stop at g (serving direction dir) reached at `arrive`; sets pos, dir and ready. */
  private visit(g: number, dir: Dir, arrive: number): void {
    const { calls, picks, boarders, n, extra, out } = this;
    const car = this.car!;
    const alighting = calls[g]!;
    if (alighting > 0 && Number.isNaN(out!.alightAt[g]!)) out!.alightAt[g] = arrive;
    calls[g] = 0;
    if (this.extraPending && extra!.destination === g) {
      this.extraAlight = arrive;
      this.extraPending = false;
    }
    let boarding = 0;
    if (dir !== NONE) {
      const k = dir * n + g;
      if (picks[k]! > 0) {
        out!.servedAt[k] = arrive;
        picks[k] = 0;
        boarding = boarders[k]!;
        this.addExpectedCalls(car, g, dir, extra);
        if (extra && extra.floor === g && extra.dir === dir && Number.isNaN(this.extraServed)) {
          this.extraServed = arrive;
          this.extraStopsBefore = this.stopCount;
          if (extra.destination !== null) this.extraPending = true;
        }
      }
    }
    if (alighting === 0 && boarding === 0) {
      // A stop that serves nothing opens no doors (a flight that had to end somewhere).
      this.ready = arrive;
    } else {
      this.ready =
        arrive +
        car.doorOpenTime +
        Math.max(car.dwellTime, car.transferTime * (alighting + boarding)) +
        car.doorCloseTime;
      if (this.stopCount < this.stops.length) this.stops[this.stopCount++] = g;
    }
    this.pos = g;
    this.dir = dir;
  }

  /** After a pickup: the car calls its passengers will press (known under destination control, else estimated). */
  private addExpectedCalls(car: CarState, floor: number, dir: Dir, extra: ExtraCall | null): void {
    const calls = this.calls;
    if (this.env.destinationControl) {
      for (const p of car.allocated) if (p.origin === floor && p.dir === dir) calls[p.destination]! += 1;
    } else if (dir === DOWN) {
      // Conventional control hides destinations: assume a down trip heads for the main entrance.
      const main = this.env.mainEntrance;
      if (main < floor && car.serves[main] === 1) calls[main]! += 1;
    } else {
      // Upwards: the stops the boarders are expected to call.
      const boarders = this.boarders[dir * this.n + floor]!;
      for (const g of this.env.expected.upwards(car, floor, boarders)) calls[g]! += 1;
    }
    if (extra && extra.floor === floor && extra.dir === dir && extra.destination !== null)
      calls[extra.destination]! += 1;
  }
}
