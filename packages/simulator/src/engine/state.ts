/**
 * Building the engine's mutable state from a building definition: one CarState per car, one
 * GroupState per group. No behaviour lives here.
 */
import type { Building } from '@hoistway/shared-types';
import { FloorMotion, floorLevels } from './floor-motion.js';
import { NONE, Phase, type CarState, type GroupState, type Passenger } from './model.js';
import type { GroupInfo } from './types.js';

export interface EngineState {
  readonly building: Building;
  /** Floor count. */
  readonly n: number;
  readonly mainEntrance: number;
  readonly population: number;
  readonly cars: CarState[];
  readonly groups: GroupState[];
  readonly groupInfos: GroupInfo[];
  /** Every passenger so far, in arrival order. */
  readonly passengers: Passenger[];
  delivered: number;
  lastDelivery: number;
  /** Per group index: times its cars left the group's main entrance floor (lowest entrance it serves) after opening there. */
  readonly mainDepartures: number[][];
}

export function buildEngineState(building: Building): EngineState {
  const n = building.floors.length;
  const levels = floorLevels(building.floors.map((f) => f.height));
  const cars: CarState[] = [];
  const groups: GroupState[] = [];
  const groupInfos: GroupInfo[] = [];
  const motions = new Map<string, FloorMotion>();
  const mainEntrance = Math.max(
    0,
    building.floors.findIndex((f) => f.entrance),
  );
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
      parking: g.parking,
      doorReversal: g.doorReversal,
      lobby: 0,
      zoneParkingFloors: [],
      trafficShare: g.trafficShare,
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
        index: cars.length,
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
        parkFloor: c.homeFloor,
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
      cars.push(car);
    });
    group.lobby = groupLobby(group, mainEntrance);
    group.zoneParkingFloors = zoneParkingFloors(group.servedFloors, group.lobby, group.cars.length);
    groups.push(group);
    groupInfos.push({
      index: gi,
      name: g.name,
      servedFloors: group.servedFloors,
      entranceFloors: group.entranceFloors,
      carCount: group.cars.length,
      floorCount: n,
    });
  });

  return {
    building,
    n,
    mainEntrance,
    population: building.floors.reduce((s, f) => s + f.population, 0),
    cars,
    groups,
    groupInfos,
    passengers: [],
    delivered: 0,
    lastDelivery: 0,
    mainDepartures: groups.map(() => []),
  };
}

function groupLobby(group: GroupState, mainEntrance: number): number {
  if (group.serves[mainEntrance] === 1) return mainEntrance;
  return group.entranceFloors[0] ?? group.servedFloors[0]!;
}

/**
 * Zones for distributed parking: the served floors split into one contiguous zone per car; zone 0
 * parks at the lobby, every other zone at its middle floor.
 */
export function zoneParkingFloors(served: readonly number[], lobby: number, cars: number): number[] {
  const zones = Math.max(1, Math.min(cars, served.length));
  const out = [lobby];
  for (let z = 1; z < zones; z++) {
    const lo = Math.floor((z * served.length) / zones);
    const hi = Math.floor(((z + 1) * served.length) / zones) - 1;
    const floor = served[Math.floor((lo + hi) / 2)]!;
    if (!out.includes(floor)) out.push(floor);
  }
  return out;
}
