/**
 * Destination control: the passenger enters the destination at the landing and is allocated to a
 * car at once (and shown it); the allocation is per passenger.
 */
import { Phase, UP, callIndex, type CarState, type GroupState, type Passenger } from '../model.js';
import type { HallCallSnapshot } from '@hoistway/shared-types';
import { HallCallBook, type CallHandling } from './call-handling.js';

export class DestinationCalls extends HallCallBook implements CallHandling {
  readonly destinationControl = true;

  arrive(p: Passenger): void {
    const { state, transfers } = this.e;
    const group = state.groups[p.group]!;
    group.queues[callIndex(p.dir, p.origin, state.n)]!.push(p);
    this.allocate(p, -1);
    const car = state.cars[p.assignedCar]!;
    if (transfers.acceptsAtDoor(car, p) && car.phase === Phase.Open) transfers.boardAtOpenDoor(car, p);
    else if (transfers.reversesDoors(car, p)) this.e.cars.reopen(car);
  }

  /** Allocations are final (the passenger was shown the car): nothing moves to a car that is free. */
  findWork(): boolean {
    return false;
  }

  boardingDecision(_car: CarState, p: Passenger): number {
    return p.decisionId;
  }

  afterBoarding(car: CarState, group: GroupState, k: number, leftBehind: boolean): void {
    // Left behind by a full car: allocate again (to another car if there is one).
    if (!leftBehind) return;
    for (const p of group.queues[k]!.slice()) if (p.assignedCar === car.index) this.reallocate(p, car);
  }

  handOver(car: CarState): void {
    if (this.e.state.groups[car.group]!.cars.length < 2) return;
    for (const p of car.allocated.slice()) this.reallocate(p, car);
  }

  /** Hall calls with passengers behind them become per-passenger allocations. */
  takeOver(): void {
    const { state } = this.e;
    for (const group of state.groups)
      for (let k = 0; k < 2 * state.n; k++) {
        if (group.queues[k]!.length === 0) continue;
        if (group.callRegistered[k] === 1)
          this.clearCall(group, k, state.cars[group.callCar[k]!] ?? state.cars[0]!);
        for (const p of group.queues[k]!.slice()) this.allocate(p, -1);
      }
  }

  override snapshotCalls(out: HallCallSnapshot[]): void {
    super.snapshotCalls(out);
    const n = this.e.state.n;
    for (const car of this.e.state.cars) {
      const seen = new Set<number>();
      for (const p of car.allocated) {
        const key = p.origin * n + p.destination;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          floor: p.origin,
          destination: p.destination,
          direction: p.dir === UP ? 'up' : 'down',
          car: car.id,
          registeredAt: p.arrival,
        });
      }
    }
  }

  /** Allocate a waiting passenger to a car of its group (not `exclude` unless it is the only one). */
  private allocate(p: Passenger, exclude: number): void {
    const { state, dispatch } = this.e;
    const group = state.groups[p.group]!;
    const { car, decision } = dispatch.decide(
      group,
      p.origin,
      p.dir,
      p.destination,
      dispatch.candidateCars(group, p.origin, p.destination, exclude),
    );
    p.assignedCar = car.index;
    p.decisionId = decision;
    car.pickups[callIndex(p.dir, p.origin, state.n)]!++;
    car.allocated.push(p);
    this.e.cars.wake(car);
  }

  private reallocate(p: Passenger, from: CarState): void {
    from.pickups[callIndex(p.dir, p.origin, this.e.state.n)]!--;
    const i = from.allocated.indexOf(p);
    if (i >= 0) from.allocated.splice(i, 1);
    p.assignedCar = -1;
    this.allocate(p, from.index);
  }
}
