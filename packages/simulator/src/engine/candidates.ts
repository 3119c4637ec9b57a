/** Read-only car views and lazily evaluated dispatch candidates. */
import type { Direction } from '@hoistway/shared-types';
import { stateAt } from '../motion.js';
import { DOWN, NONE, Phase, UP, dirName, type CarState, type Dir, type GroupState } from './model.js';
import type { ExtraCall, RoutePlanner } from './route.js';
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
    const step = car.target > car.floor ? 1 : -1;
    const elapsed = now - car.flightStart;
    let g = car.floor + step;
    while (g !== car.target && !car.motion.canSwitch(car.floor, car.target, g, elapsed)) g += step;
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
      if (onboardByDest[f]! > 0 || pickups[f]! > 0 || pickups[n + f]! > 0)
        return Math.max(f, this.refFloor());
    return this.refFloor();
  }
  get lowestDemand(): number {
    const { onboardByDest, pickups } = this.car;
    const n = onboardByDest.length;
    for (let f = 0; f < n; f++)
      if (onboardByDest[f]! > 0 || pickups[f]! > 0 || pickups[n + f]! > 0)
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
      this.group.queues[d * n + f]!.length,
    ];
  }
}
