/** Read-only car views and lazily evaluated dispatch candidates. */
import type { Direction } from '@hoistway/shared-types';
import { stateAt } from '../motion.js';
import {
  DOWN,
  NONE,
  Phase,
  UP,
  callIndex,
  dirName,
  type CarState,
  type Dir,
  type GroupState,
} from './model.js';
import { etaCost } from './dispatchers/eta.js';
import { ESTIMATE_HORIZON, type ExtraCall, type RoutePlanner } from './route.js';
import type { CandidateCar, CarView, InsertionEstimate } from './types.js';

export interface Clock {
  readonly time: number;
}

/** Height of the car floor above floor 0 at time `now`, m (exact, from the motion profile). */
export function carPosition(car: CarState, now: number): number {
  const levels = car.motion.levels;
  if (car.phase !== Phase.Moving || !car.profile) return levels[car.floor]!;
  const s = stateAt(car.profile, now - car.flightStart).position;
  return car.target > car.floor ? levels[car.floor]! + s : levels[car.floor]! - s;
}

export class LiveCarView implements CarView {
  private memoTime = NaN;
  private memoStart = NaN;
  private memoTarget = -1;
  private memoFloor = 0;
  private memoStopTime = NaN;
  private memoStopStart = NaN;
  private memoStopTarget = -1;
  private memoStop = 0;

  constructor(
    private readonly car: CarState,
    private readonly clock: Clock,
  ) {}

  get index(): number {
    return this.car.index;
  }
  get id(): string {
    return this.car.id;
  }
  get groupPosition(): number {
    return this.car.groupPosition;
  }
  get position(): number {
    return carPosition(this.car, this.clock.time);
  }
  get floor(): number {
    const car = this.car;
    if (car.phase !== Phase.Moving) return car.floor;
    const now = this.clock.time;
    // Dispatchers read this several times per decision: compute once per (time, flight).
    if (now === this.memoTime && car.flightStart === this.memoStart && car.target === this.memoTarget)
      return this.memoFloor;
    const levels = car.motion.levels;
    const h = this.position;
    let best = car.floor;
    const lo = Math.min(car.floor, car.target);
    const hi = Math.max(car.floor, car.target);
    for (let f = lo; f <= hi; f++) if (Math.abs(levels[f]! - h) < Math.abs(levels[best]! - h)) best = f;
    this.memoTime = now;
    this.memoStart = car.flightStart;
    this.memoTarget = car.target;
    this.memoFloor = best;
    return best;
  }
  /** Nearest floor where the car can still stop (its own floor when standing). */
  get stopFloor(): number {
    const car = this.car;
    if (car.phase !== Phase.Moving) return car.floor;
    const now = this.clock.time;
    if (
      now === this.memoStopTime &&
      car.flightStart === this.memoStopStart &&
      car.target === this.memoStopTarget
    )
      return this.memoStop;
    const g = car.motion.nearestStop(car.floor, car.target, now - car.flightStart);
    this.memoStopTime = now;
    this.memoStopStart = car.flightStart;
    this.memoStopTarget = car.target;
    this.memoStop = g;
    return g;
  }
  get direction(): Direction {
    return dirName(this.car.dir);
  }
  get moving(): boolean {
    return this.car.phase === Phase.Moving;
  }
  get load(): number {
    return this.car.load;
  }
  get capacity(): number {
    return this.car.capacity;
  }
  get boardLimit(): number {
    return this.car.boardLimit;
  }
  get highestDemand(): number {
    const { onboardByDest, pickups } = this.car;
    const n = onboardByDest.length;
    for (let f = n - 1; f >= 0; f--)
      if (onboardByDest[f]! > 0 || pickups[callIndex(UP, f, n)]! > 0 || pickups[callIndex(DOWN, f, n)]! > 0)
        return Math.max(f, this.refFloor());
    return this.refFloor();
  }
  get lowestDemand(): number {
    const { onboardByDest, pickups } = this.car;
    const n = onboardByDest.length;
    for (let f = 0; f < n; f++)
      if (onboardByDest[f]! > 0 || pickups[callIndex(UP, f, n)]! > 0 || pickups[callIndex(DOWN, f, n)]! > 0)
        return Math.min(f, this.refFloor());
    return this.refFloor();
  }
  get free(): boolean {
    const car = this.car;
    // Pickups are exactly the assigned hall calls plus the allocated passengers.
    return car.load === 0 && car.assignedCalls === 0 && car.allocated.length === 0;
  }
  serves(floor: number): boolean {
    return this.car.serves[floor] === 1;
  }
  /** Floor used for distances: a moving car's target is where it is committed to. */
  private refFloor(): number {
    return this.car.phase === Phase.Moving ? this.car.target : this.car.floor;
  }
}

export class LazyCandidate implements CandidateCar {
  private cachedEstimate: InsertionEstimate | null = null;
  private cachedFeatures: number[] | null = null;

  constructor(
    private readonly state: CarState,
    readonly car: CarView,
    private readonly group: GroupState,
    private readonly planner: RoutePlanner,
    private readonly extra: ExtraCall,
    private readonly now: number,
  ) {}

  get carIndex(): number {
    return this.state.index;
  }
  get carId(): string {
    return this.state.id;
  }

  estimate(): InsertionEstimate {
    if (!this.cachedEstimate) {
      const out: InsertionEstimate = {
        eta: 0,
        addedWait: 0,
        addedRide: 0,
        newRide: 0,
        stopsBefore: 0,
        plannedStops: 0,
        addedStops: 0,
        addedBusy: 0,
      };
      this.cachedEstimate = this.planner.estimate(this.state, this.now, this.extra, out);
    }
    return this.cachedEstimate;
  }

  /**
   * A lower bound of the planned ETA (see CandidateCar), from the collective rules the planner
   * follows and two facts about flights: time grows with distance, and a trip with stops on the way
   * is never faster than the direct one (flight time is subadditive).
   * - The car finishes its present phase, then flies to the call floor; a moving car comes to rest
   *   first: at the call floor if it can still stop there, else at its nearest reachable floor or beyond.
   * - A car with a service direction keeps it while it has demands ahead: a call behind it waits
   *   until it has stopped at the farthest of them, and it stops for its riders on the way.
   * 1 µs of slack covers rounding in the planner's sums.
   */
  etaLowerBound(): number {
    const car = this.state;
    const motion = car.motion;
    const now = this.now;
    const e = this.extra.floor;
    const here = car.floor;
    const moving = car.phase === Phase.Moving;
    const d: Dir = moving ? (car.target > here ? UP : DOWN) : car.phase === Phase.Idle ? NONE : car.dir;
    // When the car is (or, flying, was last) at rest at `here`, ready to leave.
    let ready: number;
    switch (car.phase) {
      case Phase.Moving:
        ready = car.flightStart - car.startDelay;
        break;
      case Phase.Idle:
        ready = now;
        break;
      case Phase.Starting:
        ready = car.phaseEnd - car.startDelay;
        break;
      case Phase.Opening:
        // The call may board at once.
        if (e === here) return 0;
        ready = car.phaseEnd + car.dwellTime + car.doorCloseTime;
        break;
      case Phase.Open:
        if (e === here) return 0;
        ready = car.phaseEnd + car.doorCloseTime;
        break;
      default:
        ready = car.phaseEnd;
    }
    let t: number;
    const behind = d === UP ? e < here : d === DOWN ? e > here : false;
    const ahead = d === UP ? e > here : d === DOWN ? e < here : false;
    const farthest = behind || (moving && e === here) ? this.farthestDemandAhead(d) : -1;
    if (farthest >= 0 && (!moving || motion.canSwitch(here, car.target, farthest, now - car.flightStart))) {
      // Sweep to the farthest demand ahead (stopping there), then back to the call.
      t =
        ready +
        car.startDelay +
        motion.flightTime(here, farthest) +
        car.startDelay +
        motion.flightTime(farthest, e) +
        this.alightingStopsBefore(farthest);
      if (car.onboardByDest[farthest]! > 0) t += car.doorOpenTime + car.dwellTime + car.doorCloseTime;
    } else if (!moving) {
      t = e === here ? ready : ready + car.startDelay + motion.flightTime(here, e);
      if (ahead) t += this.alightingStopsBefore(e);
    } else {
      const elapsed = now - car.flightStart;
      const first = this.car.stopFloor;
      if (ahead && motion.canSwitch(here, car.target, e, elapsed))
        t = car.flightStart + motion.flightTime(here, e) + this.alightingStopsBefore(e);
      // Past the first reachable floor, any first stop is on the way (or beyond): at least one
      // start after a stop.
      else if (d === UP ? e > first : e < first)
        t =
          car.flightStart +
          motion.flightTime(here, e) +
          Math.max(car.startDelay, this.alightingStopsBefore(e));
      else
        t = car.flightStart + motion.flightTime(here, first) + car.startDelay + motion.flightTime(first, e);
    }
    return Math.max(0, Math.min(ESTIMATE_HORIZON, t - now - 1e-6));
  }

  /**
   * Time of the stops the car makes for its riders on the way to `to` (ahead in its direction): at
   * each floor strictly between where someone gets off, and that a flying car can still stop at,
   * the doors open, stay open, close, and the car starts again. (A flying car's first stop is the
   * nearest such floor or one before it, and a standing car serves every car call ahead in order.)
   */
  private alightingStopsBefore(to: number): number {
    const car = this.state;
    const onboard = car.onboardByDest;
    if (car.load === 0) return 0;
    const moving = car.phase === Phase.Moving;
    const elapsed = this.now - car.flightStart;
    const step = to > car.floor ? 1 : -1;
    let stops = 0;
    for (let f = car.floor + step; f !== to; f += step)
      if (onboard[f]! > 0 && (!moving || car.motion.canSwitch(car.floor, car.target, f, elapsed))) stops++;
    return stops * (car.doorOpenTime + car.dwellTime + car.doorCloseTime + car.startDelay);
  }

  /** Farthest floor strictly beyond the car's floor in direction d with a car call or pickup, else −1. */
  private farthestDemandAhead(d: Dir): number {
    const { onboardByDest, pickups, floor } = this.state;
    const n = onboardByDest.length;
    if (d === NONE) return -1;
    const step = d === UP ? -1 : 1;
    for (let f = d === UP ? n - 1 : 0; f !== floor; f += step)
      if (onboardByDest[f]! > 0 || pickups[callIndex(UP, f, n)]! > 0 || pickups[callIndex(DOWN, f, n)]! > 0)
        return f;
    return -1;
  }

  get features(): readonly number[] {
    if (!this.cachedFeatures) this.cachedFeatures = this.computeFeatures();
    return this.cachedFeatures;
  }

  private computeFeatures(): number[] {
    const est = this.estimate();
    const car = this.state;
    const f = this.extra.floor;
    const here = this.car.floor;
    const d: Dir = this.extra.dir;
    const ahead = car.dir === UP ? f >= here : car.dir === DOWN ? f <= here : false;
    const movingToward = car.dir !== NONE && car.dir === d && ahead ? 1 : 0;
    const n = car.onboardByDest.length;
    const waiting = waitingIn(this.group);
    const waitingAtLobby = this.group.queues[callIndex(UP, this.group.lobby, n)]!.length;
    return [
      est.eta,
      Math.abs(here - f),
      est.stopsBefore,
      est.plannedStops,
      car.load / car.capacity,
      movingToward,
      this.car.free ? 1 : 0,
      car.assignedCalls + car.allocated.length,
      est.addedRide,
      this.group.queues[callIndex(d, f, n)]!.length,
      est.addedWait,
      est.addedBusy,
      waiting,
      waitingAtLobby,
      // The eta dispatcher's cost (its etaCost plus the congestion term; see dispatchers/eta.ts).
      etaCost(est, LEAST_COST_RIDING_WEIGHT) +
        ((waiting / 2 + waitingAtLobby) / this.group.cars.length) * est.addedBusy,
    ];
  }
}

/** Riding weight of the least-cost feature: the eta dispatcher's default. */
const LEAST_COST_RIDING_WEIGHT = 0.5;

function waitingIn(group: GroupState): number {
  let waiting = 0;
  for (const q of group.queues) waiting += q.length;
  return waiting;
}
