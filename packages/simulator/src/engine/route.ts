/**
 * Planned stop list of a car: replays the collective stop rules from the car's present state on
 * scratch copies of its demands, timing each stop (flight, door opening, transfers/dwell, door
 * closing, start delay). Used for least-cost (ETA) estimates, decision features and snapshots.
 *
 * Cost: an ETA decision plans every candidate car twice (without and with the call), so a run must
 * not cost O(floors). The scratch demands keep bitsets (queries skip empty floors), are loaded
 * from the car's non-zero entries only and cleared entry by entry; the per-stop times are stamped
 * with the run they belong to instead of being reset.
 */
import { Demands } from './demands.js';
import { DOWN, NONE, Phase, UP, callIndex, type CarState, type Dir, type GroupState } from './model.js';
import type { ExpectedDestinations } from './expected-destinations.js';
import { departureDir, flightStopIn, planFrom, stopDir, stopFloor } from './stop-rules.js';
import type { InsertionEstimate } from './types.js';

export interface RouteEnv {
  readonly floorCount: number;
  readonly mainEntrance: number;
  readonly destinationControl: boolean;
  readonly groups: readonly GroupState[];
  readonly expected: ExpectedDestinations;
}

/** Estimates count a call or stop that the plan never reaches as this late, s. */
export const ESTIMATE_HORIZON = 3600;

/** A pickup to add to the plan: floor, direction and (destination control) destination. */
export interface ExtraCall {
  floor: number;
  dir: Dir;
  destination: number | null;
}

/** Times per index of one route run; an entry not set in the current run reads NaN. */
class RunTimes {
  private readonly times: Float64Array;
  private readonly stamps: Int32Array;
  private stamp = 1;

  constructor(size: number) {
    this.times = new Float64Array(size);
    this.stamps = new Int32Array(size);
  }

  /** Forget every entry (O(1)). */
  reset(): void {
    if (++this.stamp === 0x3fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  get(i: number): number {
    return this.stamps[i] === this.stamp ? this.times[i]! : NaN;
  }

  set(i: number, t: number): void {
    this.times[i] = t;
    this.stamps[i] = this.stamp;
  }
}

interface RouteBuffers {
  /** Per pickup index: when the car begins opening its doors for it. */
  servedAt: RunTimes;
  /** Per floor: when the car first opens its doors there for alighting riders. */
  alightAt: RunTimes;
}

export class RoutePlanner {
  private readonly n: number;
  private readonly demands: Demands;
  /** Expected boarders per pickup index; only the first `boarderCount` indices in `boarderIndex` are non-zero. */
  private readonly boarders: Float64Array;
  private readonly boarderIndex: Int32Array;
  private boarderCount = 0;
  private readonly base: RouteBuffers;
  private readonly withCall: RouteBuffers;
  /** Floors of the last planned route, in order. */
  readonly stops: Int32Array;
  stopCount = 0;
  private extraServed = NaN;
  private extraAlight = NaN;
  private extraStopsBefore = 0;
  // The planned car's non-zero demands, ascending (read once per plan, shared by its runs).
  private readonly carCalls: Int32Array;
  private carCallCount = 0;
  private readonly carPicks: Int32Array;
  private carPickCount = 0;
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
    this.demands = Demands.tracked(n);
    this.boarders = new Float64Array(2 * n);
    this.boarderIndex = new Int32Array(2 * n + 1);
    this.carCalls = new Int32Array(n);
    this.carPicks = new Int32Array(2 * n);
    this.base = { servedAt: new RunTimes(2 * n), alightAt: new RunTimes(n) };
    this.withCall = { servedAt: new RunTimes(2 * n), alightAt: new RunTimes(n) };
    this.stops = new Int32Array(4 * n + 8);
  }

  /** Floors of the car's planned stops in service order (for snapshots). */
  plannedStops(car: CarState, now: number): number[] {
    this.readCar(car);
    this.run(car, now, null, this.base);
    return Array.from(this.stops.subarray(0, this.stopCount));
  }

  /** Effect of adding `extra` to the car's plan. */
  estimate(car: CarState, now: number, extra: ExtraCall, out: InsertionEstimate): InsertionEstimate {
    this.readCar(car);
    // A car without demands plans no stops (and its route has nothing for the call to delay).
    let plannedStops = 0;
    let baseEnd: number;
    if (this.carCallCount > 0 || this.carPickCount > 0) {
      this.run(car, now, null, this.base);
      plannedStops = this.stopCount;
      baseEnd = this.routeEnd;
    } else baseEnd = car.phase === Phase.Moving ? car.phaseEnd : this.phaseReady(car, now);
    this.run(car, now, extra, this.withCall);
    const horizon = ESTIMATE_HORIZON;
    let addedWait = 0;
    for (let i = 0; i < this.carPickCount; i++) {
      const k = this.carPicks[i]!;
      const before = this.base.servedAt.get(k);
      if (Number.isNaN(before)) continue;
      const after = this.withCall.servedAt.get(k);
      const delta = Number.isNaN(after) ? horizon : after - before;
      addedWait += Math.max(1, this.boarders[k]!) * delta;
    }
    let addedRide = 0;
    for (let i = 0; i < this.carCallCount; i++) {
      const f = this.carCalls[i]!;
      const riders = car.onboardByDest[f]!;
      const before = this.base.alightAt.get(f);
      const after = this.withCall.alightAt.get(f);
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

  /**
   * The car's non-zero car calls and pickups, in index order. The car calls add up to the riders on
   * board and the pickups to the assigned hall calls plus allocated passengers (see CarState), so
   * each scan stops once it has found them all.
   */
  private readCar(car: CarState): void {
    const n = this.n;
    const { carCalls, carPicks } = this;
    let calls = 0;
    let picks = 0;
    let riders = car.load;
    for (let f = 0; riders > 0 && f < n; f++) {
      const c = car.onboardByDest[f]!;
      if (c > 0) {
        carCalls[calls++] = f;
        riders -= c;
      }
    }
    let pickups = car.assignedCalls + car.allocated.length;
    for (let k = 0; pickups > 0 && k < 2 * n; k++) {
      const p = car.pickups[k]!;
      if (p > 0) {
        carPicks[picks++] = k;
        pickups -= p;
      }
    }
    this.carCallCount = calls;
    this.carPickCount = picks;
  }

  /** Plan the car read by `readCar` (plus `extra`), timing its stops into `out`. */
  private run(car: CarState, now: number, extra: ExtraCall | null, out: RouteBuffers): void {
    const n = this.n;
    const { demands, boarders, boarderIndex, carCalls, carPicks } = this;
    const picks = demands.picks;
    const group = this.env.groups[car.group]!;
    demands.clear();
    for (let i = 0; i < this.carCallCount; i++)
      demands.setCall(carCalls[i]!, car.onboardByDest[carCalls[i]!]!);
    for (let i = 0; i < this.carPickCount; i++) demands.setPick(carPicks[i]!, car.pickups[carPicks[i]!]!);
    out.servedAt.reset();
    out.alightAt.reset();
    for (let i = 0; i < this.boarderCount; i++) boarders[boarderIndex[i]!] = 0;
    // Each index is listed once: it is listed when it leaves zero, and only the extra can return to it.
    let touched = 0;
    if (this.env.destinationControl)
      for (const p of car.allocated) {
        const k = callIndex(p.dir, p.origin, n);
        if (boarders[k] === 0) boarderIndex[touched++] = k;
        boarders[k]! += 1;
      }
    else
      for (let i = 0; i < this.carPickCount; i++) {
        const k = carPicks[i]!;
        boarders[k] = group.queues[k]!.length;
        boarderIndex[touched++] = k;
      }
    if (extra) {
      const k = callIndex(extra.dir, extra.floor, n);
      demands.addPick(k, 1);
      if (boarders[k] === 0) boarderIndex[touched++] = k;
      boarders[k]! += 1;
    }
    this.boarderCount = touched;
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
        const g = flightStopIn(demands, car.serves, car.motion, car.floor, car.target, elapsed, hasRoom);
        const arrive = car.flightStart + car.motion.flightTime(car.floor, g);
        this.visit(g, departureDir(demands, g, travel), arrive);
        pos = this.pos;
        d = this.dir;
        ready = this.ready;
        break;
      }
      case Phase.Idle:
        d = NONE;
        break;
      default:
        ready = this.phaseReady(car, now);
    }

    const doorsOpen = car.phase === Phase.Opening || car.phase === Phase.Open;
    if (doorsOpen && d !== NONE && picks[callIndex(d, pos, n)]! > 0) {
      // Passengers allocated to this stop board now, not at a later stop here.
      demands.setPick(callIndex(d, pos, n), 0);
      this.addExpectedCalls(car, pos, d, null);
    }
    // A standing car with doors opening/open here, going the call's way, takes the passenger at once.
    if (extra && doorsOpen && extra.floor === pos && (d === extra.dir || d === NONE) && hasRoom) {
      const k = callIndex(extra.dir, pos, n);
      demands.addPick(k, -1);
      boarders[k]! -= 1;
      this.extraServed = now;
      this.extraStopsBefore = 0;
      d = extra.dir;
      ready += car.transferTime;
      if (extra.destination !== null) {
        demands.addCall(extra.destination, 1);
        this.extraPending = true;
      }
    }

    const limit = this.stops.length;
    for (let steps = 0; steps < limit; steps++) {
      const packed = planFrom(demands, pos, d, true);
      if (packed < 0) break;
      const g = stopFloor(packed);
      if (g === pos) this.visit(g, stopDir(packed), ready);
      else {
        const travel: Dir = g > pos ? UP : DOWN;
        const arrive = ready + car.startDelay + car.motion.flightTime(pos, g);
        this.visit(g, departureDir(demands, g, travel), arrive);
      }
      pos = this.pos;
      d = this.dir;
      ready = this.ready;
    }
    this.routeEnd = ready;
  }

  /** When a standing car is ready to leave after its current phase (start delay not included). */
  private phaseReady(car: CarState, now: number): number {
    switch (car.phase) {
      case Phase.Starting:
        // phaseEnd is the departure; `ready` excludes the start delay, which every departure adds.
        return car.phaseEnd - car.startDelay;
      case Phase.Opening: {
        const d = car.dir;
        const queue =
          d === NONE ? 0 : this.env.groups[car.group]!.queues[callIndex(d, car.floor, this.n)]!.length;
        const transfers = car.onboardByDest[car.floor]! + Math.min(queue, car.boardLimit);
        return car.phaseEnd + Math.max(car.dwellTime, car.transferTime * transfers) + car.doorCloseTime;
      }
      case Phase.Open:
        return car.phaseEnd + car.doorCloseTime;
      case Phase.Closing:
        return car.phaseEnd;
      default:
        return now;
    }
  }

  /** One planned stop at g (serving direction dir) reached at `arrive`; sets pos, dir and ready. */
  private visit(g: number, dir: Dir, arrive: number): void {
    const { demands, boarders, n, extra } = this;
    const out = this.out!;
    const car = this.car!;
    const alighting = demands.calls[g]!;
    if (alighting > 0 && Number.isNaN(out.alightAt.get(g))) out.alightAt.set(g, arrive);
    demands.setCall(g, 0);
    if (this.extraPending && extra!.destination === g) {
      this.extraAlight = arrive;
      this.extraPending = false;
    }
    let boarding = 0;
    if (dir !== NONE) {
      const k = callIndex(dir, g, n);
      if (demands.picks[k]! > 0) {
        out.servedAt.set(k, arrive);
        demands.setPick(k, 0);
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
    const demands = this.demands;
    if (this.env.destinationControl) {
      for (const p of car.allocated)
        if (p.origin === floor && p.dir === dir) demands.addCall(p.destination, 1);
    } else if (dir === DOWN) {
      // Conventional control hides destinations: assume a down trip heads for the main entrance.
      const main = this.env.mainEntrance;
      if (main < floor && car.serves[main] === 1) demands.addCall(main, 1);
    } else {
      // Upwards: the stops the boarders are expected to call (see expected-destinations.ts).
      const boarders = this.boarders[callIndex(dir, floor, this.n)]!;
      for (const g of this.env.expected.upwards(car, floor, boarders)) demands.addCall(g, 1);
    }
    if (extra && extra.floor === floor && extra.dir === dir && extra.destination !== null)
      demands.addCall(extra.destination, 1);
  }
}
