/** Passengers boarding and alighting: queues, loads, delivery bookkeeping and load integrals. */
import {
  DELIVERED,
  NONE,
  Phase,
  RIDING,
  callIndex,
  type CarState,
  type GroupState,
  type Passenger,
} from './model.js';
import type { EngineParts } from './parts.js';

export class Transfers {
  constructor(private readonly e: EngineParts) {}

  /** Car standing at the passenger's floor with doors opening/open, going their way, able to take them. */
  acceptsAtDoor(car: CarState, p: Passenger): boolean {
    return (car.phase === Phase.Open || car.phase === Phase.Opening) && this.couldTake(car, p);
  }

  /** Doors closing at the passenger's floor that reopen for them (door reversal). */
  reversesDoors(car: CarState, p: Passenger): boolean {
    return (
      car.phase === Phase.Closing && this.e.state.groups[car.group]!.doorReversal && this.couldTake(car, p)
    );
  }

  /** At the passenger's floor, going their way (or idle), serving their destination, with room. */
  private couldTake(car: CarState, p: Passenger): boolean {
    return (
      car.floor === p.origin &&
      (car.dir === p.dir || car.dir === NONE) &&
      car.serves[p.destination] === 1 &&
      (p.assignedCar < 0 || p.assignedCar === car.index) &&
      car.load < car.boardLimit
    );
  }

  /** A passenger arriving at open doors steps in; the doors stay open for the transfer. */
  boardAtOpenDoor(car: CarState, p: Passenger): void {
    const { state, clock } = this.e;
    const q = state.groups[p.group]!.queues[callIndex(p.dir, p.origin, state.n)]!;
    const at = q.indexOf(p);
    if (at >= 0) q.splice(at, 1);
    this.board(car, p, p.decisionId);
    car.transferEnd = Math.max(car.transferEnd, clock.time) + car.transferTime;
    this.e.cars.setPhaseEnd(car, Math.max(car.dwellEnd, car.transferEnd));
  }

  /** Everyone for this floor gets off; returns how many. */
  alight(car: CarState): number {
    const f = car.floor;
    if (car.onboardByDest[f]! === 0) return 0;
    const { state, clock, trace } = this.e;
    this.integrateLoad(car);
    let transfers = 0;
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
      state.delivered++;
      state.lastDelivery = clock.time;
      trace.emit('alight', car, p.id);
    }
    car.onboard.length = w;
    car.onboardByDest[f] = 0;
    return transfers;
  }

  /** Board the queue at (group, k) in arrival order while there is room; each boarding adds a transfer. */
  boardFromQueue(car: CarState, group: GroupState, k: number): void {
    const calls = this.e.calls;
    const q = group.queues[k]!;
    let w = 0;
    let leftBehind = false;
    for (let i = 0; i < q.length; i++) {
      const p = q[i]!;
      const compatible =
        car.serves[p.destination] === 1 && (p.assignedCar < 0 || p.assignedCar === car.index);
      if (compatible && car.load < car.boardLimit) {
        this.board(car, p, calls.boardingDecision(car, p));
        car.transferEnd += car.transferTime;
      } else {
        if (compatible) leftBehind = true;
        q[w++] = p;
      }
    }
    q.length = w;
    if (w > 0) calls.afterBoarding(car, group, k, leftBehind);
  }

  private board(car: CarState, p: Passenger, decisionId: number): void {
    this.integrateLoad(car);
    p.state = RIDING;
    p.car = car.index;
    p.boardDoorOpen = Math.max(car.doorOpenedAt, p.arrival);
    p.decisionId = decisionId;
    if (p.assignedCar === car.index) {
      car.pickups[callIndex(p.dir, p.origin, this.e.state.n)]!--;
      const i = car.allocated.indexOf(p);
      if (i >= 0) car.allocated.splice(i, 1);
    }
    car.onboard.push(p);
    car.onboardByDest[p.destination]!++;
    car.load++;
    car.carried++;
    if (car.load > car.maxLoad) car.maxLoad = car.load;
    this.e.trace.emit('board', car, p.id);
  }

  private integrateLoad(car: CarState): void {
    const now = this.e.clock.time;
    car.loadIntegral += car.load * (now - car.lastLoadChange);
    car.lastLoadChange = now;
  }
}
