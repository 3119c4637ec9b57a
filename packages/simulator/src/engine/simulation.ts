/**
 * The discrete-event elevator simulation. Each car has at most one pending event (end of its
 * current phase) kept in an indexed binary heap; passenger arrivals are merged in from the sorted
 * arrival list. Ties: arrivals before car events, cars by index. No clock, no randomness: the
 * same inputs give the same results.
 */
import type {
  Building,
  CarFigures,
  CarSnapshot,
  DispatcherConfig,
  DoorState,
  HallCallSnapshot,
  KpiSummary,
  PassengerRecord,
  QueueSnapshot,
  RunConfig,
  SimulationCommand,
  SimulationResults,
  SimulationSnapshot,
} from '@hoistway/shared-types';
import type { PassengerArrival } from '../traffic/arrival.js';
import { stateAt } from '../motion.js';
import { carPosition, LazyCandidate, LiveCarView } from './candidates.js';
import { createDispatcher } from './dispatchers/index.js';
import { CarEventHeap } from './event-heap.js';
import { FloorMotion, floorLevels } from './floor-motion.js';
import { computeHistogram, computeKpis, computeSeries, round3 } from './kpis.js';
import {
  DELIVERED,
  DOWN,
  NONE,
  Phase,
  RIDING,
  UP,
  WAITING,
  dirName,
  dirOf,
  type CarState,
  type Dir,
  type GroupState,
  type Passenger,
} from './model.js';
import { RoutePlanner } from './route.js';
import { departureDirection, flightStop, planFromFloor, stopDir, stopFloor } from './stop-rules.js';
import type {
  CandidateCar,
  DecisionContext,
  DecisionRecord,
  Dispatcher,
  GroupInfo,
  SimEventType,
  SimulationOptions,
} from './types.js';

/** An idle car away from its home floor returns there after this long, s. */
export const PARKING_DELAY = 10;

export class Simulation {
  readonly building: Building;
  readonly endTime: number;
  private readonly config: RunConfig;
  private readonly opts: SimulationOptions;
  private readonly n: number;
  private readonly mainEntrance: number;
  private readonly population: number;
  private readonly cars: CarState[] = [];
  private readonly groups: GroupState[] = [];
  private readonly groupInfos: GroupInfo[] = [];
  private readonly views: LiveCarView[] = [];
  private readonly heap: CarEventHeap;
  private readonly arrivals: readonly PassengerArrival[];
  private nextArrival = 0;
  /** Group carrying each (origin·n + destination) trip, −1 if none. */
  private readonly tripGroup: Int16Array;
  private readonly passengers: Passenger[] = [];
  private delivered = 0;
  private lastDelivery = 0;
  private nextPassengerId: number;
  private dispatcher: Dispatcher;
  private dispatcherConfig: DispatcherConfig;
  private destinationControl: boolean;
  private readonly routeEnv: {
    floorCount: number;
    mainEntrance: number;
    destinationControl: boolean;
    groups: GroupState[];
  };
  private readonly planner: RoutePlanner;
  private decisions = 0;
  private readonly mainDepartures: number[] = [];
  private now = 0;
  private done = false;

  constructor(
    building: Building,
    arrivals: readonly PassengerArrival[],
    config: RunConfig,
    options: SimulationOptions = {},
  ) {
    this.building = building;
    this.config = config;
    this.opts = options;
    this.endTime = config.duration + config.drainTime;
    const n = building.floors.length;
    this.n = n;
    const levels = floorLevels(building.floors.map((f) => f.height));
    this.mainEntrance = Math.max(
      0,
      building.floors.findIndex((f) => f.entrance),
    );
    this.population = building.floors.reduce((s, f) => s + f.population, 0);

    const motions = new Map<string, FloorMotion>();
    building.groups.forEach((g, gi) => {
      const serves = new Uint8Array(n);
      for (const f of g.servedFloors) serves[f] = 1;
      const group: GroupState = {
        index: gi,
        name: g.name,
        cars: [],
        servedFloors: [...g.servedFloors].sort((a, b) => a - b),
        entranceFloors: g.servedFloors.filter((f) => building.floors[f]?.entrance).sort((a, b) => a - b),
        serves,
        queues: Array.from({ length: 2 * n }, () => []),
        callRegistered: new Uint8Array(2 * n),
        callTime: new Float64Array(2 * n),
        callCar: new Int32Array(2 * n).fill(-1),
        callDecision: new Int32Array(2 * n).fill(-1),
      };
      g.cars.forEach((c, ci) => {
        const key = `${c.speed}|${c.acceleration}|${c.jerk}`;
        let motion = motions.get(key);
        if (!motion) {
          motion = new FloorMotion({ speed: c.speed, acceleration: c.acceleration, jerk: c.jerk }, levels);
          motions.set(key, motion);
        }
        const carServes = new Uint8Array(n);
        for (const f of c.servedFloors ?? g.servedFloors) carServes[f] = 1;
        const car: CarState = {
          index: this.cars.length,
          id: c.id ?? `${g.name}-${ci + 1}`,
          group: gi,
          groupPosition: ci,
          capacity: c.capacity,
          boardLimit: Math.max(1, Math.floor(c.capacity * building.loadingFactor + 1e-9)),
          doorOpenTime: c.doorOpenTime,
          doorCloseTime: c.doorCloseTime,
          dwellTime: c.doorDwellTime,
          startDelay: c.startDelay,
          transferTime: c.transferTime,
          homeFloor: c.homeFloor,
          serves: carServes,
          motion,
          phase: Phase.Idle,
          phaseEnd: Infinity,
          floor: c.homeFloor,
          target: c.homeFloor,
          flightStart: 0,
          profile: null,
          parking: false,
          dir: NONE,
          doorOpenedAt: 0,
          dwellEnd: 0,
          transferEnd: 0,
          servingDecision: -1,
          openedHere: false,
          onboard: [],
          load: 0,
          onboardByDest: new Int32Array(n),
          pickups: new Int32Array(2 * n),
          allocated: [],
          assignedCalls: 0,
          stops: 0,
          distance: 0,
          carried: 0,
          loadIntegral: 0,
          lastLoadChange: 0,
          maxLoad: 0,
          mainEntranceDepartures: 0,
        };
        group.cars.push(car.index);
        this.cars.push(car);
        this.views.push(new LiveCarView(car, this));
      });
      this.groups.push(group);
      this.groupInfos.push({
        index: gi,
        name: g.name,
        servedFloors: group.servedFloors,
        entranceFloors: group.entranceFloors,
        carCount: group.cars.length,
        floorCount: n,
      });
    });
    this.heap = new CarEventHeap(this.cars.length);

    // A trip uses the first group with a car that serves both floors.
    this.tripGroup = new Int16Array(n * n).fill(-1);
    for (let o = 0; o < n; o++)
      for (let d = 0; d < n; d++) {
        if (o === d) continue;
        const g = this.groups.findIndex((grp) =>
          grp.cars.some((ci) => this.cars[ci]!.serves[o] === 1 && this.cars[ci]!.serves[d] === 1),
        );
        this.tripGroup[o * n + d] = g;
      }

    this.arrivals = checkedArrivals(arrivals, n, this.tripGroup);
    this.nextPassengerId = this.arrivals.reduce((m, a) => Math.max(m, a.id + 1), 0);

    this.dispatcherConfig = config.dispatcher;
    this.dispatcher = options.dispatcher ?? createDispatcher(config.dispatcher);
    this.destinationControl = this.dispatcher.destinationControl ?? config.dispatcher.name === 'destination';
    this.routeEnv = {
      floorCount: n,
      mainEntrance: this.mainEntrance,
      destinationControl: this.destinationControl,
      groups: this.groups,
    };
    this.planner = new RoutePlanner(this.routeEnv);
  }

  get time(): number {
    return this.now;
  }

  get finished(): boolean {
    return this.done;
  }

  /** Process every event up to `t` (clamped to endTime). */
  advanceTo(t: number): void {
    if (this.done) return;
    const until = Math.min(t, this.endTime);
    const duration = this.config.duration;
    const draining = this.config.drainTime > 0;
    for (;;) {
      const tc = this.heap.peekTime();
      const next = this.arrivals[this.nextArrival];
      const ta = next && next.time < duration ? next.time : Infinity;
      const te = Math.min(ta, tc);
      if (te > until) break;
      if (te > this.now) this.now = te;
      if (ta <= tc) {
        this.nextArrival++;
        this.arrive(next!.id, next!.time, next!.origin, next!.destination);
      } else this.handleCar(this.cars[this.heap.peek()]!);
      // Draining ends as soon as the last passenger is delivered.
      if (draining && this.now >= duration && this.passengers.length === this.delivered) {
        this.done = true;
        return;
      }
    }
    this.now = Math.max(this.now, until);
    const arrivalsLeft =
      this.nextArrival < this.arrivals.length && this.arrivals[this.nextArrival]!.time < duration;
    if (draining && this.now >= duration && !arrivalsLeft && this.passengers.length === this.delivered) {
      this.now = Math.max(duration, this.lastDelivery);
      this.done = true;
    } else if (this.now >= this.endTime) this.done = true;
  }

  /** Run to the end; onProgress is called at most ~100 times. */
  runToEnd(onProgress?: (simTime: number, endTime: number) => void): void {
    const step = this.endTime / 100;
    for (let k = 1; !this.done; k++) {
      this.advanceTo(k >= 100 ? this.endTime : k * step);
      onProgress?.(this.now, this.endTime);
    }
  }

  // ---------------------------------------------------------------- passengers

  private arrive(id: number, time: number, origin: number, destination: number): void {
    const n = this.n;
    const p: Passenger = {
      id,
      arrival: time,
      origin,
      destination,
      group: this.tripGroup[origin * n + destination]!,
      dir: dirOf(origin, destination),
      state: WAITING,
      boardDoorOpen: NaN,
      alightDoorOpen: NaN,
      car: -1,
      assignedCar: -1,
      decisionId: -1,
    };
    this.passengers.push(p);
    const group = this.groups[p.group]!;
    const k = p.dir * n + origin;
    if (this.destinationControl) {
      group.queues[k]!.push(p);
      this.allocate(p, -1);
      const car = this.cars[p.assignedCar]!;
      if (this.acceptsAtDoor(car, p) && car.phase === Phase.Open) this.boardAtOpenDoor(car, p);
      return;
    }
    for (const ci of group.cars) {
      const car = this.cars[ci]!;
      if (!this.acceptsAtDoor(car, p)) continue;
      if (car.dir === NONE) car.dir = p.dir;
      if (car.phase === Phase.Open) this.boardAtOpenDoor(car, p);
      // Doors still opening: the passenger boards with the others when they are open.
      else group.queues[k]!.push(p);
      return;
    }
    group.queues[k]!.push(p);
    if (group.callRegistered[k] === 0) this.registerCall(group, origin, p.dir, -1);
  }

  /** Car standing at the passenger's floor with doors opening/open, going their way, able to take them. */
  private acceptsAtDoor(car: CarState, p: Passenger): boolean {
    return (
      (car.phase === Phase.Open || car.phase === Phase.Opening) &&
      car.floor === p.origin &&
      (car.dir === p.dir || car.dir === NONE) &&
      car.serves[p.destination] === 1 &&
      (p.assignedCar < 0 || p.assignedCar === car.index) &&
      car.load < car.boardLimit
    );
  }

  private boardAtOpenDoor(car: CarState, p: Passenger): void {
    const q = this.groups[p.group]!.queues[p.dir * this.n + p.origin]!;
    const at = q.indexOf(p);
    if (at >= 0) q.splice(at, 1);
    this.board(car, p, p.decisionId);
    car.transferEnd = Math.max(car.transferEnd, this.now) + car.transferTime;
    this.setPhaseEnd(car, Math.max(car.dwellEnd, car.transferEnd));
  }

  private board(car: CarState, p: Passenger, decisionId: number): void {
    this.integrateLoad(car);
    p.state = RIDING;
    p.car = car.index;
    p.boardDoorOpen = Math.max(car.doorOpenedAt, p.arrival);
    p.decisionId = decisionId;
    if (p.assignedCar === car.index) {
      car.pickups[p.dir * this.n + p.origin]!--;
      removeItem(car.allocated, p);
    }
    car.onboard.push(p);
    car.onboardByDest[p.destination]!++;
    car.load++;
    car.carried++;
    if (car.load > car.maxLoad) car.maxLoad = car.load;
    this.emit('board', car, p.id);
  }

  // ------------------------------------------------------------- dispatching

  /** Register the hall call (floor, dir) of a group and assign it to a car. */
  private registerCall(group: GroupState, floor: number, dir: Dir, exclude: number): void {
    const k = dir * this.n + floor;
    group.callRegistered[k] = 1;
    group.callTime[k] = this.now;
    const head = group.queues[k]![0];
    const { car, decision } = this.decide(
      group,
      floor,
      dir,
      null,
      this.candidateCars(group, floor, head ? head.destination : -1, exclude),
    );
    group.callCar[k] = car.index;
    group.callDecision[k] = decision;
    car.pickups[k]!++;
    car.assignedCalls++;
    this.wake(car);
  }

  private clearCall(group: GroupState, k: number, servingCar: CarState): void {
    group.callRegistered[k] = 0;
    const ci = group.callCar[k]!;
    group.callCar[k] = -1;
    if (ci < 0) return;
    const car = this.cars[ci]!;
    car.pickups[k]!--;
    car.assignedCalls--;
    if (car !== servingCar) this.wake(car);
  }

  /** Destination control: allocate a waiting passenger to a car of its group. */
  private allocate(p: Passenger, exclude: number): void {
    const group = this.groups[p.group]!;
    const { car, decision } = this.decide(
      group,
      p.origin,
      p.dir,
      p.destination,
      this.candidateCars(group, p.origin, p.destination, exclude),
    );
    p.assignedCar = car.index;
    p.decisionId = decision;
    car.pickups[p.dir * this.n + p.origin]!++;
    car.allocated.push(p);
    this.wake(car);
  }

  /**
   * Cars of the group serving `floor` and (if ≥ 0, and some car does) `destination`, without
   * `exclude` unless it is the only one.
   */
  private candidateCars(group: GroupState, floor: number, destination: number, exclude: number): number[] {
    const out: number[] = [];
    for (const ci of group.cars) {
      const serves = this.cars[ci]!.serves;
      if (serves[floor] === 1 && (destination < 0 || serves[destination] === 1)) out.push(ci);
    }
    if (out.length === 0) for (const ci of group.cars) if (this.cars[ci]!.serves[floor] === 1) out.push(ci);
    if (out.length > 1 && exclude >= 0) {
      const at = out.indexOf(exclude);
      if (at >= 0) out.splice(at, 1);
    }
    return out;
  }

  private decide(
    group: GroupState,
    floor: number,
    dir: Dir,
    destination: number | null,
    carIndices: number[],
  ): { car: CarState; decision: number } {
    const extra = { floor, dir, destination };
    const candidates: CandidateCar[] = carIndices.map(
      (ci) => new LazyCandidate(this.cars[ci]!, this.views[ci]!, group, this.planner, extra, this.now),
    );
    const call = { floor, direction: dir === UP ? ('up' as const) : ('down' as const), destination };
    const ctx: DecisionContext = {
      time: this.now,
      group: group.index,
      call,
      candidates,
      groupInfo: this.groupInfos[group.index]!,
    };
    const chosen = this.dispatcher.choose(ctx);
    if (!Number.isInteger(chosen) || chosen < 0 || chosen >= candidates.length)
      throw new Error(
        `dispatcher "${this.dispatcher.name}" chose candidate ${chosen}, expected 0..${candidates.length - 1}`,
      );
    const id = this.decisions++;
    if (this.opts.onDecision) {
      const record: DecisionRecord = {
        id,
        time: this.now,
        group: group.index,
        call,
        candidates: candidates.map((c) => ({ carId: c.carId, features: [...c.features] })),
        chosen,
        dispatcher: this.dispatcher.name,
      };
      this.opts.onDecision(record);
    }
    return { car: this.cars[carIndices[chosen]!]!, decision: id };
  }

  // -------------------------------------------------------------------- cars

  private setPhaseEnd(car: CarState, t: number): void {
    car.phaseEnd = t;
    this.heap.set(car.index, t);
  }

  private emit(type: SimEventType, car: CarState, passenger?: number): void {
    const on = this.opts.onEvent;
    if (!on) return;
    const floor = car.phase === Phase.Moving && type !== 'depart' ? car.target : car.floor;
    on(
      passenger === undefined
        ? { type, time: this.now, car: car.index, floor, load: car.load }
        : { type, time: this.now, car: car.index, floor, load: car.load, passenger },
    );
  }

  private integrateLoad(car: CarState): void {
    car.loadIntegral += car.load * (this.now - car.lastLoadChange);
    car.lastLoadChange = this.now;
  }

  /** The car's demands changed. */
  private wake(car: CarState): void {
    if (car.phase === Phase.Idle) this.planAtFloor(car);
    else if (car.phase === Phase.Moving) this.retarget(car);
    // Other phases plan when they end.
  }

  private handleCar(car: CarState): void {
    switch (car.phase) {
      case Phase.Idle:
        // Parking timer: return home (after the start delay) unless work turns up meanwhile.
        car.parking = true;
        car.phase = Phase.Starting;
        this.setPhaseEnd(car, this.now + car.startDelay);
        return;
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
        this.setPhaseEnd(car, this.now + car.doorCloseTime);
        this.emit('doorClosing', car);
        return;
      case Phase.Closing:
        car.phase = Phase.Idle;
        this.emit('doorClosed', car);
        this.planAtFloor(car);
        return;
    }
  }

  /** The next stop (packed floor and direction) for a car standing at its floor, or < 0 for none. */
  private planFrom(car: CarState): number {
    return planFromFloor(
      car.onboardByDest,
      car.pickups,
      this.n,
      car.floor,
      car.dir,
      car.load < car.boardLimit,
    );
  }

  /** Doors closed at a floor: reopen, prepare to leave, or go idle. */
  private planAtFloor(car: CarState): void {
    const packed = this.planFrom(car);
    if (packed < 0) return this.goIdle(car);
    const g = stopFloor(packed);
    car.dir = stopDir(packed);
    if (g === car.floor) return this.beginOpening(car, car.dir);
    car.parking = false;
    car.phase = Phase.Starting;
    this.setPhaseEnd(car, this.now + car.startDelay);
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
    if (car.parking && car.floor !== car.homeFloor) return this.depart(car, car.homeFloor);
    this.goIdle(car);
  }

  private goIdle(car: CarState): void {
    car.phase = Phase.Idle;
    car.dir = NONE;
    car.parking = false;
    this.setPhaseEnd(car, car.floor !== car.homeFloor ? this.now + PARKING_DELAY : Infinity);
  }

  private depart(car: CarState, target: number): void {
    if (car.floor === this.mainEntrance && car.openedHere) {
      this.mainDepartures.push(this.now);
      car.mainEntranceDepartures++;
    }
    car.openedHere = false;
    if (car.load >= car.boardLimit) this.handOverCalls(car);
    car.phase = Phase.Moving;
    car.flightStart = this.now;
    car.target = target;
    car.profile = car.motion.profile(car.floor, target);
    car.dir = target > car.floor ? UP : DOWN;
    this.emit('depart', car);
    this.setPhaseEnd(car, this.now + car.profile.duration);
  }

  /** New demands while in flight: stop earlier or go farther if the profile still allows it. */
  private retarget(car: CarState): void {
    const elapsed = this.now - car.flightStart;
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
    this.emit('arrive', car);
    const f = car.floor;
    const n = this.n;
    const room = car.load < car.boardLimit;
    if (car.onboardByDest[f]! > 0 || (room && (car.pickups[f]! > 0 || car.pickups[n + f]! > 0))) {
      return this.beginOpening(car, departureDirection(car.onboardByDest, car.pickups, n, f, car.dir));
    }
    // Nothing to do here (a parking trip, or a flight that had to end somewhere): plan from this floor.
    this.planAtFloor(car);
  }

  private beginOpening(car: CarState, dir: Dir): void {
    const n = this.n;
    const group = this.groups[car.group]!;
    if (dir === NONE) dir = this.directionOfWaiting(car, group);
    car.dir = dir;
    car.phase = Phase.Opening;
    car.doorOpenedAt = this.now;
    car.openedHere = true;
    car.stops++;
    car.servingDecision = -1;
    if (dir !== NONE) {
      const k = dir * n + car.floor;
      if (group.callRegistered[k] === 1) {
        car.servingDecision = group.callDecision[k]!;
        this.clearCall(group, k, car);
      }
    }
    this.emit('doorOpening', car);
    this.setPhaseEnd(car, this.now + car.doorOpenTime);
  }

  /** A car with no direction of its own opening its doors: serve whoever waits here (up first). */
  private directionOfWaiting(car: CarState, group: GroupState): Dir {
    for (const d of [UP, DOWN] as const) {
      for (const p of group.queues[d * this.n + car.floor]!) {
        if (car.serves[p.destination] === 1 && (p.assignedCar < 0 || p.assignedCar === car.index)) return d;
      }
    }
    return NONE;
  }

  private doorsOpen(car: CarState): void {
    const n = this.n;
    const f = car.floor;
    car.phase = Phase.Open;
    this.emit('doorOpen', car);
    let transfers = 0;
    if (car.onboardByDest[f]! > 0) {
      this.integrateLoad(car);
      let w = 0;
      for (const p of car.onboard) {
        if (p.destination !== f) {
          car.onboard[w++] = p;
          continue;
        }
        p.state = DELIVERED;
        p.alightDoorOpen = car.doorOpenedAt;
        car.load--;
        transfers++;
        this.delivered++;
        this.lastDelivery = this.now;
        this.emit('alight', car, p.id);
      }
      car.onboard.length = w;
      car.onboardByDest[f] = 0;
    }
    car.transferEnd = this.now + transfers * car.transferTime;
    car.dwellEnd = this.now + car.dwellTime;
    if (car.dir !== NONE) this.boardFromQueue(car, this.groups[car.group]!, car.dir * n + f);
    this.setPhaseEnd(car, Math.max(car.dwellEnd, car.transferEnd));
  }

  private boardFromQueue(car: CarState, group: GroupState, k: number): void {
    const q = group.queues[k]!;
    let w = 0;
    let leftBehind = false;
    for (let i = 0; i < q.length; i++) {
      const p = q[i]!;
      const compatible =
        car.serves[p.destination] === 1 && (p.assignedCar < 0 || p.assignedCar === car.index);
      if (compatible && car.load < car.boardLimit) {
        this.board(car, p, this.destinationControl ? p.decisionId : car.servingDecision);
        car.transferEnd += car.transferTime;
      } else {
        if (compatible) leftBehind = true;
        q[w++] = p;
      }
    }
    q.length = w;
    if (w === 0) return;
    if (this.destinationControl) {
      // Left behind by a full car: allocate again (to another car if there is one).
      if (leftBehind) for (const p of q.slice()) if (p.assignedCar === car.index) this.reallocate(p, car);
    } else if (group.callRegistered[k] === 0) {
      // Passengers still waiting keep their call registered (re-assigned).
      this.registerCall(group, k % this.n, Math.floor(k / this.n) as Dir, car.index);
    }
  }

  /**
   * A full car leaving a floor would bypass its pickups: hand them to other cars (full-load bypass
   * with re-assignment), so nobody waits for a car that cannot take them.
   */
  private handOverCalls(car: CarState): void {
    const n = this.n;
    const group = this.groups[car.group]!;
    if (group.cars.length < 2) return;
    if (this.destinationControl) {
      for (const p of car.allocated.slice()) this.reallocate(p, car);
      return;
    }
    for (let k = 0; k < 2 * n; k++) {
      if (group.callCar[k] !== car.index) continue;
      const registeredAt = group.callTime[k]!;
      group.callCar[k] = -1;
      car.pickups[k]!--;
      car.assignedCalls--;
      this.registerCall(group, k % n, Math.floor(k / n) as Dir, car.index);
      group.callTime[k] = registeredAt;
    }
  }

  private reallocate(p: Passenger, from: CarState): void {
    from.pickups[p.dir * this.n + p.origin]!--;
    removeItem(from.allocated, p);
    p.assignedCar = -1;
    this.allocate(p, from.index);
  }

  // ----------------------------------------------------------------- commands

  /** Inject passengers now, register a hall call, or switch the dispatcher. Bad floors throw RangeError. */
  command(cmd: SimulationCommand): void {
    const n = this.n;
    const floorOk = (f: number) => Number.isInteger(f) && f >= 0 && f < n;
    switch (cmd.type) {
      case 'passenger': {
        if (!floorOk(cmd.origin)) throw new RangeError(`origin ${cmd.origin} is not a floor (0..${n - 1})`);
        if (!floorOk(cmd.destination))
          throw new RangeError(`destination ${cmd.destination} is not a floor (0..${n - 1})`);
        if (cmd.origin === cmd.destination)
          throw new RangeError(`destination must differ from origin (${cmd.origin})`);
        if (this.tripGroup[cmd.origin * n + cmd.destination]! < 0)
          throw new RangeError(`no car serves both floor ${cmd.origin} and floor ${cmd.destination}`);
        const count = cmd.count ?? 1;
        for (let i = 0; i < count; i++)
          this.arrive(this.nextPassengerId++, this.now, cmd.origin, cmd.destination);
        return;
      }
      case 'hallCall': {
        if (!floorOk(cmd.floor)) throw new RangeError(`floor ${cmd.floor} is not a floor (0..${n - 1})`);
        const dir: Dir = cmd.direction === 'up' ? UP : DOWN;
        const group = this.groups.find((g) =>
          g.cars.some((ci) => {
            const serves = this.cars[ci]!.serves;
            if (serves[cmd.floor] !== 1) return false;
            for (let f = 0; f < n; f++)
              if (serves[f] === 1 && (dir === UP ? f > cmd.floor : f < cmd.floor)) return true;
            return false;
          }),
        );
        if (!group) throw new RangeError(`no car serves floor ${cmd.floor} going ${cmd.direction}`);
        if (group.callRegistered[dir * n + cmd.floor] === 0) this.registerCall(group, cmd.floor, dir, -1);
        return;
      }
      case 'dispatcher':
        return this.switchDispatcher(cmd.dispatcher);
    }
  }

  private switchDispatcher(config: DispatcherConfig): void {
    const next = createDispatcher(config);
    const nextDc = next.destinationControl ?? config.name === 'destination';
    this.dispatcher = next;
    this.dispatcherConfig = config;
    if (nextDc === this.destinationControl) return;
    this.destinationControl = nextDc;
    this.routeEnv.destinationControl = nextDc;
    const n = this.n;
    if (!nextDc) {
      // Allocations become ordinary hall calls.
      for (const car of this.cars) {
        for (const p of car.allocated) {
          car.pickups[p.dir * n + p.origin]!--;
          p.assignedCar = -1;
        }
        car.allocated.length = 0;
      }
      for (const group of this.groups)
        for (let k = 0; k < 2 * n; k++)
          if (group.queues[k]!.length > 0 && group.callRegistered[k] === 0)
            this.registerCall(group, k % n, Math.floor(k / n) as Dir, -1);
    } else {
      // Hall calls with passengers behind them become per-passenger allocations.
      for (const group of this.groups)
        for (let k = 0; k < 2 * n; k++) {
          if (group.queues[k]!.length === 0) continue;
          if (group.callRegistered[k] === 1)
            this.clearCall(group, k, this.cars[group.callCar[k]!] ?? this.cars[0]!);
          for (const p of group.queues[k]!.slice()) this.allocate(p, -1);
        }
    }
    for (const car of this.cars) this.wake(car);
  }

  // ------------------------------------------------------------------ outputs

  passengerRecords(): PassengerRecord[] {
    const warmUp = this.config.warmUp;
    return this.passengers.map((p) => {
      const boarded = !Number.isNaN(p.boardDoorOpen);
      const alighted = !Number.isNaN(p.alightDoorOpen);
      return {
        id: p.id,
        arrival: p.arrival,
        origin: p.origin,
        destination: p.destination,
        boardDoorOpen: boarded ? p.boardDoorOpen : null,
        alightDoorOpen: alighted ? p.alightDoorOpen : null,
        car: p.car >= 0 ? this.cars[p.car]!.id : null,
        waitTime: boarded ? p.boardDoorOpen - p.arrival : null,
        transitTime: alighted ? p.alightDoorOpen - p.boardDoorOpen : null,
        counted: p.arrival >= warmUp,
      };
    });
  }

  /** Decision that served each passenger, aligned with passengerRecords() (null if none). */
  passengerDecisionIds(): (number | null)[] {
    return this.passengers.map((p) => (p.decisionId >= 0 && p.state !== WAITING ? p.decisionId : null));
  }

  /** `records`: this run's passengerRecords(), if the caller already has them. */
  results(records: readonly PassengerRecord[] = this.passengerRecords()): SimulationResults {
    const series = computeSeries(records, this.now);
    const kpis = computeKpis(
      {
        records,
        warmUp: this.config.warmUp,
        endTime: this.now,
        population: this.population,
        mainDepartures: this.mainDepartures,
      },
      series,
    );
    return {
      schemaVersion: 1,
      building: this.building.name,
      dispatcher: this.dispatcherConfig,
      seed: this.config.seed,
      duration: this.config.duration,
      warmUp: this.config.warmUp,
      endTime: round3(this.now),
      kpis,
      series,
      waitHistogram: computeHistogram(records),
      cars: this.cars.map((c) => this.carFigures(c)),
    };
  }

  private carFigures(car: CarState): CarFigures {
    const integral = car.loadIntegral + car.load * (this.now - car.lastLoadChange);
    return {
      id: car.id,
      group: this.groups[car.group]!.name,
      stops: car.stops,
      distance: round3(car.distance),
      passengersCarried: car.carried,
      averageLoad: round3(this.now > 0 ? integral / this.now : 0),
      maxLoad: car.maxLoad,
      mainEntranceDepartures: car.mainEntranceDepartures,
    };
  }

  /**
   * `reuseKpis`: KPIs computed earlier, to pass through instead of recomputing them (they cost
   * O(passengers); live sessions refresh car states at 10 Hz but KPIs about once a second).
   */
  snapshot(reuseKpis?: KpiSummary): SimulationSnapshot {
    const n = this.n;
    const cars: CarSnapshot[] = this.cars.map((car) => {
      const moving = car.phase === Phase.Moving && car.profile !== null;
      const state = moving ? stateAt(car.profile!, this.now - car.flightStart) : null;
      const sign = car.target > car.floor ? 1 : -1;
      return {
        id: car.id,
        group: this.groups[car.group]!.name,
        position: carPosition(car, this.now),
        velocity: state ? sign * state.velocity : 0,
        acceleration: state ? sign * state.acceleration : 0,
        direction: dirName(car.dir),
        door: doorState(car.phase),
        load: car.load,
        capacity: car.capacity,
        stops: this.planner.plannedStops(car, this.now),
        target: moving ? car.target : null,
      };
    });
    const queues: QueueSnapshot[] = [];
    let waiting = 0;
    for (let f = 0; f < n; f++) {
      let up = 0;
      let down = 0;
      for (const g of this.groups) {
        up += g.queues[f]!.length;
        down += g.queues[n + f]!.length;
      }
      waiting += up + down;
      if (up + down > 0) queues.push({ floor: f, up, down });
    }
    const calls: HallCallSnapshot[] = [];
    for (const g of this.groups)
      for (let k = 0; k < 2 * n; k++) {
        if (g.callRegistered[k] !== 1) continue;
        const car = g.callCar[k]!;
        calls.push({
          floor: k % n,
          destination: null,
          direction: k < n ? 'up' : 'down',
          car: car >= 0 ? this.cars[car]!.id : null,
          registeredAt: g.callTime[k]!,
        });
      }
    for (const car of this.cars) {
      const seen = new Set<number>();
      for (const p of car.allocated) {
        const key = p.origin * n + p.destination;
        if (seen.has(key)) continue;
        seen.add(key);
        calls.push({
          floor: p.origin,
          destination: p.destination,
          direction: p.dir === UP ? 'up' : 'down',
          car: car.id,
          registeredAt: p.arrival,
        });
      }
    }
    return {
      time: this.now,
      dispatcher: this.dispatcher.name,
      cars,
      queues,
      calls,
      riding: this.cars.reduce((s, c) => s + c.load, 0),
      waiting,
      kpis: reuseKpis ?? this.results().kpis,
    };
  }
}

function doorState(phase: Phase): DoorState {
  return phase === Phase.Opening
    ? 'opening'
    : phase === Phase.Open
      ? 'open'
      : phase === Phase.Closing
        ? 'closing'
        : 'closed';
}

function removeItem<T>(items: T[], item: T): void {
  const i = items.indexOf(item);
  if (i >= 0) items.splice(i, 1);
}

/** Validate floors and servability; return the arrivals sorted by time (stable). */
function checkedArrivals(
  arrivals: readonly PassengerArrival[],
  n: number,
  tripGroup: Int16Array,
): readonly PassengerArrival[] {
  let sorted = true;
  let last = -Infinity;
  for (const a of arrivals) {
    const { origin: o, destination: d, time } = a;
    const floorsOk =
      Number.isInteger(o) && Number.isInteger(d) && o >= 0 && d >= 0 && o < n && d < n && o !== d;
    if (!floorsOk || !(time >= 0) || !Number.isFinite(time))
      throw new Error(`passenger ${a.id}: invalid trip from floor ${o} to floor ${d} at t=${time}`);
    if (tripGroup[o * n + d]! < 0)
      throw new Error(`passenger ${a.id}: no car group serves both floor ${o} and floor ${d}`);
    if (time < last) sorted = false;
    last = time;
  }
  return sorted ? arrivals : [...arrivals].sort((a, b) => a.time - b.time);
}
