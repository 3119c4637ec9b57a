/**
 * Parking: where a car with nothing to do waits for the next call. Per group policy:
 * - `none`: it stays where it is;
 * - `lobby`: it returns to the group's lobby at once (the up-peak rule: cars wait where people arrive);
 * - `distributed`: after PARKING_DELAY it moves to the nearest zone parking floor that no other idle
 *   car of the group holds (one zone per car, zone 0 at the lobby), so calls anywhere find a car near;
 * - `auto`: lobby return while incoming trips (from an entrance floor) make up most of the group's
 *   arrivals in the last five minutes, distribution otherwise — the traffic-pattern switch of real
 *   group controllers.
 */
import type { ParkingPolicy } from '@hoistway/shared-types';
import { Phase, type CarState, type GroupState } from './model.js';

/** An idle car waits this long before a distributed-parking move, s. */
export const PARKING_DELAY = 10;
/** Window over which `auto` measures the traffic mix, s. */
export const TRAFFIC_MIX_WINDOW = 300;

export interface ParkingMove {
  floor: number;
  /** Seconds from now before the car sets off. */
  delay: number;
}

export class ParkingPlanner {
  /** Per group: arrival times in the window, and whether each was incoming. */
  private readonly times: number[][];
  private readonly incoming: boolean[][];
  private readonly head: number[];
  private readonly incomingCount: number[];

  constructor(
    private readonly groups: readonly GroupState[],
    private readonly cars: readonly CarState[],
    private readonly entrance: Uint8Array,
  ) {
    this.times = groups.map(() => []);
    this.incoming = groups.map(() => []);
    this.head = groups.map(() => 0);
    this.incomingCount = groups.map(() => 0);
  }

  /** Record an arrival for the traffic-mix estimate of `auto`. */
  noteArrival(group: number, time: number, origin: number, destination: number): void {
    if (this.groups[group]!.parking !== 'auto') return;
    const isIncoming = this.entrance[origin] === 1 && this.entrance[destination] !== 1;
    this.times[group]!.push(time);
    this.incoming[group]!.push(isIncoming);
    if (isIncoming) this.incomingCount[group]!++;
  }

  /** The policy in force for the group now (`auto` resolved). */
  policy(group: GroupState, now: number): Exclude<ParkingPolicy, 'auto'> {
    if (group.parking !== 'auto') return group.parking;
    const g = group.index;
    const times = this.times[g]!;
    const flags = this.incoming[g]!;
    let h = this.head[g]!;
    while (h < times.length && times[h]! < now - TRAFFIC_MIX_WINDOW) {
      if (flags[h]) this.incomingCount[g]!--;
      h++;
    }
    if (h > 4096 && h * 2 > times.length) {
      times.splice(0, h);
      flags.splice(0, h);
      h = 0;
    }
    this.head[g] = h;
    const total = times.length - h;
    // With no recent arrivals, wait at the lobby: that is where the next ones usually come in.
    if (total === 0) return 'lobby';
    return this.incomingCount[g]! * 2 > total ? 'lobby' : 'distributed';
  }

  /** Where the idle car should park, or null to stay where it is. */
  plan(car: CarState, group: GroupState, now: number): ParkingMove | null {
    switch (this.policy(group, now)) {
      case 'none':
        return null;
      case 'lobby':
        return car.floor === group.lobby ? null : { floor: group.lobby, delay: 0 };
      case 'distributed': {
        const floor = this.freeZoneFloor(car, group);
        return floor === car.floor ? null : { floor, delay: PARKING_DELAY };
      }
    }
  }

  /** Nearest zone parking floor not held by another idle or parking car of the group (ties: lower). */
  private freeZoneFloor(car: CarState, group: GroupState): number {
    let best = car.floor;
    let bestDistance = Infinity;
    for (const z of group.zoneParkingFloors) {
      if (car.serves[z] !== 1 || this.heldByOther(car, group, z)) continue;
      const d = Math.abs(z - car.floor);
      if (d < bestDistance || (d === bestDistance && z < best)) {
        best = z;
        bestDistance = d;
      }
    }
    return best;
  }

  private heldByOther(car: CarState, group: GroupState, floor: number): boolean {
    for (const ci of group.cars) {
      if (ci === car.index) continue;
      const other = this.cars[ci]!;
      if (other.parking && other.parkFloor === floor) return true;
      const free = other.load === 0 && other.assignedCalls === 0 && other.allocated.length === 0;
      if (free && other.phase === Phase.Idle && other.floor === floor) return true;
    }
    return false;
  }
}
