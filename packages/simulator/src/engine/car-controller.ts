/**
 * The car phase machine: Idle → Starting → Moving → Opening → Open → Closing → Idle. Each phase
 * ends with one scheduled event; at its end the car decides what to do next from its demands
 * (car calls and pickups) with the collective stop rules.
 */
import { DOWN, NONE, Phase, UP, callIndex, type CarState, type Dir, type GroupState } from './model.js';
import type { EngineParts } from './parts.js';
import { departureDirection, flightStop, planFromFloor, stopDir, stopFloor } from './stop-rules.js';

export class CarController {
  constructor(private readonly e: EngineParts) {}

  setPhaseEnd(car: CarState, t: number): void {
    car.phaseEnd = t;
    this.e.clock.setCarEvent(car.index, t);
  }

  /** The car's demands changed. */
  wake(car: CarState): void {
    if (car.phase === Phase.Idle) this.planAtFloor(car);
    else if (car.phase === Phase.Moving) this.retarget(car);
    else if (car.phase === Phase.Starting) {
      // Doors closed but still here: a pickup at this floor opens them at once.
      const packed = this.planFrom(car);
      if (packed >= 0 && stopFloor(packed) === car.floor) {
        car.parking = false;
        this.beginOpening(car, stopDir(packed));
      }
    }
    // Door phases plan when they end.
  }

  /**
   * Door reversal: a passenger at the closing doors makes them reopen at once, taking the time
   * already spent closing to open again. The same stop: no new stop is counted.
   */
  reopen(car: CarState): void {
    const now = this.e.clock.time;
    const closingFor = car.doorCloseTime - (car.phaseEnd - now);
    car.phase = Phase.Opening;
    car.doorOpenedAt = now;
    this.e.trace.emit('doorOpening', car);
    this.setPhaseEnd(car, now + Math.max(0, closingFor));
  }

  /** The car's pending event is due. */
  phaseEnded(car: CarState): void {
    const now = this.e.clock.time;
    switch (car.phase) {
      case Phase.Idle: {
        // Parking timer: decide again where to park (other cars may have moved meanwhile).
        const move = this.e.parking.plan(car, this.e.state.groups[car.group]!, now);
        if (!move) return this.setPhaseEnd(car, Infinity);
        car.parking = true;
        car.parkFloor = move.floor;
        car.phase = Phase.Starting;
        this.setPhaseEnd(car, now + car.startDelay);
        return;
      }
      case Phase.Starting:
        this.startFromFloor(car);
        return;
      case Phase.Moving:
        this.arriveAtFloor(car);
        return;
      case Phase.Opening:
        this.doorsOpen(car);
        return;
      case Phase.Open:
        car.phase = Phase.Closing;
        this.setPhaseEnd(car, now + car.doorCloseTime);
        this.e.trace.emit('doorClosing', car);
        return;
      case Phase.Closing:
        car.phase = Phase.Idle;
        this.e.trace.emit('doorClosed', car);
        this.planAtFloor(car);
        return;
    }
  }

  /** The next stop (packed floor and direction) for a car standing at its floor, or < 0 for none. */
  private planFrom(car: CarState): number {
    return planFromFloor(
      car.onboardByDest,
      car.pickups,
      this.e.state.n,
      car.floor,
      car.dir,
      car.load < car.boardLimit,
    );
  }

  /** Doors closed at a floor: reopen, prepare to leave, or go idle. */
  private planAtFloor(car: CarState, lookedForWork = false): void {
    const packed = this.planFrom(car);
    if (packed < 0) {
      if (!lookedForWork && this.e.calls.findWork(car)) return this.planAtFloor(car, true);
      return this.goIdle(car);
    }
    const g = stopFloor(packed);
    car.dir = stopDir(packed);
    if (g === car.floor) return this.beginOpening(car, car.dir);
    car.parking = false;
    car.phase = Phase.Starting;
    this.setPhaseEnd(car, this.e.clock.time + car.startDelay);
  }

  /** End of the start delay: decide again (calls may have changed) and depart. */
  private startFromFloor(car: CarState): void {
    const packed = this.planFrom(car);
    if (packed >= 0) {
      const g = stopFloor(packed);
      car.dir = stopDir(packed);
      car.parking = false;
      if (g === car.floor) return this.beginOpening(car, car.dir);
      return this.depart(car, g);
    }
    if (this.e.calls.findWork(car)) {
      car.phase = Phase.Idle;
      return this.planAtFloor(car, true);
    }
    if (car.parking && car.floor !== car.parkFloor) return this.depart(car, car.parkFloor);
    this.goIdle(car);
  }

  /** Nothing to do: park according to the group's policy (now or after a delay), or stay. */
  private goIdle(car: CarState): void {
    car.phase = Phase.Idle;
    car.dir = NONE;
    car.parking = false;
    const now = this.e.clock.time;
    const move = this.e.parking.plan(car, this.e.state.groups[car.group]!, now);
    this.setPhaseEnd(car, move ? now + move.delay : Infinity);
  }

  private depart(car: CarState, target: number): void {
    const { state, clock } = this.e;
    const now = clock.time;
    if (car.floor === state.groups[car.group]!.entranceFloors[0] && car.openedHere) {
      state.mainDepartures[car.group]!.push(now);
      car.mainEntranceDepartures++;
    }
    car.openedHere = false;
    if (car.load >= car.boardLimit) this.e.calls.handOver(car);
    car.phase = Phase.Moving;
    car.flightStart = now;
    car.target = target;
    car.profile = car.motion.profile(car.floor, target);
    car.dir = target > car.floor ? UP : DOWN;
    this.e.trace.emit('depart', car);
    this.setPhaseEnd(car, now + car.profile.duration);
  }

  /** New demands while in flight: stop earlier or go farther if the profile still allows it. */
  private retarget(car: CarState): void {
    const elapsed = this.e.clock.time - car.flightStart;
    const g = flightStop(
      car.onboardByDest,
      car.pickups,
      car.serves,
      car.motion,
      car.floor,
      car.target,
      elapsed,
      car.load < car.boardLimit,
    );
    if (g === car.target) return;
    car.parking = false;
    car.target = g;
    car.profile = car.motion.profile(car.floor, g);
    this.setPhaseEnd(car, car.flightStart + car.profile.duration);
  }

  private arriveAtFloor(car: CarState): void {
    car.distance += car.profile!.distance;
    car.profile = null;
    car.floor = car.target;
    car.phase = Phase.Idle;
    this.e.trace.emit('arrive', car);
    const f = car.floor;
    const n = this.e.state.n;
    const room = car.load < car.boardLimit;
    if (
      car.onboardByDest[f]! > 0 ||
      (room && (car.pickups[callIndex(UP, f, n)]! > 0 || car.pickups[callIndex(DOWN, f, n)]! > 0))
    ) {
      return this.beginOpening(car, departureDirection(car.onboardByDest, car.pickups, n, f, car.dir));
    }
    // Nothing to do here (a parking trip, or a flight that had to end somewhere): plan from this floor.
    this.planAtFloor(car);
  }

  private beginOpening(car: CarState, dir: Dir): void {
    const group = this.e.state.groups[car.group]!;
    if (dir === NONE) dir = this.directionOfWaiting(car, group);
    car.dir = dir;
    car.phase = Phase.Opening;
    car.doorOpenedAt = this.e.clock.time;
    car.openedHere = true;
    car.stops++;
    car.servingDecision = dir !== NONE ? this.e.calls.answer(car, dir) : -1;
    this.e.trace.emit('doorOpening', car);
    this.setPhaseEnd(car, this.e.clock.time + car.doorOpenTime);
  }

  /** A car with no direction of its own opening its doors: serve whoever waits here (up first). */
  private directionOfWaiting(car: CarState, group: GroupState): Dir {
    const n = this.e.state.n;
    for (const d of [UP, DOWN] as const) {
      for (const p of group.queues[callIndex(d, car.floor, n)]!) {
        if (car.serves[p.destination] === 1 && (p.assignedCar < 0 || p.assignedCar === car.index)) return d;
      }
    }
    return NONE;
  }

  private doorsOpen(car: CarState): void {
    const { clock, transfers, state, trace } = this.e;
    const now = clock.time;
    car.phase = Phase.Open;
    trace.emit('doorOpen', car);
    const alighted = transfers.alight(car);
    car.transferEnd = now + alighted * car.transferTime;
    car.dwellEnd = now + car.dwellTime;
    if (car.dir !== NONE)
      transfers.boardFromQueue(car, state.groups[car.group]!, callIndex(car.dir, car.floor, state.n));
    this.setPhaseEnd(car, Math.max(car.dwellEnd, car.transferEnd));
  }
}
