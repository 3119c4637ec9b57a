/** Small buildings and run configurations for tests and examples. */
import {
  buildingSchema,
  runConfigSchema,
  type Building,
  type CarGroup,
  type ParkingPolicy,
  type RunConfig,
  type RunConfigInput,
} from '@hoistway/shared-types';

export interface TestCarOptions {
  capacity?: number;
  speed?: number;
  acceleration?: number;
  jerk?: number;
  homeFloor?: number;
  servedFloors?: number[];
}

export interface TestBuildingOptions {
  floors?: number;
  /** Floor height, m. */
  height?: number;
  cars?: number;
  loadingFactor?: number;
  car?: TestCarOptions;
  /** Per-car overrides, by index. */
  carOverrides?: TestCarOptions[];
  /** Group options of the first group. */
  parking?: ParkingPolicy;
  doorReversal?: boolean;
  trafficShare?: number;
  /** Floors served by the first group (default: all). */
  servedFloors?: number[];
  /** Extra groups (the first group serves every floor). */
  extraGroups?: {
    name: string;
    servedFloors: number[];
    cars: TestCarOptions[];
    parking?: ParkingPolicy;
    trafficShare?: number;
  }[];
}

/**
 * Round figures for hand computation: v = 2.5 m/s, a = 1 m/s², j = 1 m/s³, doors open 2 s, close 3 s,
 * dwell 2 s, start delay 0.5 s, 1 s per transfer, floors 3.5 m, entrance floor 0.
 */
export function testBuilding(o: TestBuildingOptions = {}): Building {
  const floors = o.floors ?? 10;
  const height = o.height ?? 3.5;
  const car = (c: TestCarOptions = {}): CarGroup['cars'][number] => ({
    capacity: c.capacity ?? 10,
    speed: c.speed ?? 2.5,
    acceleration: c.acceleration ?? 1,
    jerk: c.jerk ?? 1,
    doorOpenTime: 2,
    doorCloseTime: 3,
    doorDwellTime: 2,
    startDelay: 0.5,
    transferTime: 1,
    homeFloor: c.homeFloor ?? 0,
    ...(c.servedFloors ? { servedFloors: c.servedFloors } : {}),
  });
  const all = Array.from({ length: floors }, (_, i) => i);
  return buildingSchema.parse({
    name: 'Test building',
    floors: all.map((i) => ({
      name: i === 0 ? 'G' : String(i),
      height,
      population: i === 0 ? 0 : 50,
      entrance: i === 0,
    })),
    loadingFactor: o.loadingFactor ?? 0.8,
    groups: [
      {
        name: 'A',
        servedFloors: o.servedFloors ?? all,
        cars: Array.from({ length: o.cars ?? 1 }, (_, i) => car({ ...o.car, ...o.carOverrides?.[i] })),
        ...(o.parking ? { parking: o.parking } : {}),
        ...(o.doorReversal !== undefined ? { doorReversal: o.doorReversal } : {}),
        ...(o.trafficShare !== undefined ? { trafficShare: o.trafficShare } : {}),
      },
      ...(o.extraGroups ?? []).map((g) => ({
        name: g.name,
        servedFloors: g.servedFloors,
        cars: g.cars.map(car),
        ...(g.parking ? { parking: g.parking } : {}),
        ...(g.trafficShare !== undefined ? { trafficShare: g.trafficShare } : {}),
      })),
    ],
  });
}

/** A run configuration with no warm-up unless given. */
export function testConfig(over: RunConfigInput = {}): RunConfig {
  return runConfigSchema.parse({ warmUp: 0, duration: 600, ...over });
}
