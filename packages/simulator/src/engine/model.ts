/** Internal mutable state of the engine: passengers, cars and groups. */
import type { ParkingPolicy } from '@hoistway/shared-types';
import type { MotionProfile } from '../motion.js';
import type { FloorMotion } from './floor-motion.js';

export const UP = 0;
export const DOWN = 1;
export const NONE = -1;
export type Dir = typeof UP | typeof DOWN | typeof NONE;

/** Car phases; doors are closed in Idle, Starting and Moving. */
export const Phase = { Idle: 0, Starting: 1, Moving: 2, Opening: 3, Open: 4, Closing: 5 } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export const WAITING = 0;
export const RIDING = 1;
export const DELIVERED = 2;

export interface Passenger {
  id: number;
  arrival: number;
  origin: number;
  destination: number;
  group: number;
  dir: Dir;
  state: number;
  /** Time the serving car began opening its doors (or the arrival, if they were already open); NaN until boarded. */
  boardDoorOpen: number;
  alightDoorOpen: number;
  car: number;
  /** Destination control: allocated car, else −1. */
  assignedCar: number;
  /** Decision that served this passenger (−1 if none). */
  decisionId: number;
}

export interface CarState {
  index: number;
  id: string;
  group: number;
  groupPosition: number;
  capacity: number;
  boardLimit: number;
  doorOpenTime: number;
  doorCloseTime: number;
  dwellTime: number;
  startDelay: number;
  transferTime: number;
  homeFloor: number;
  serves: Uint8Array;
  motion: FloorMotion;

  phase: Phase;
  /** Time of the car's pending event (end of the current phase), Infinity if none. */
  phaseEnd: number;
  /** Floor the car stands at, or the floor its current flight started from. */
  floor: number;
  target: number;
  flightStart: number;
  profile: MotionProfile | null;
  /** On (or about to start) a parking trip to `parkFloor`. */
  parking: boolean;
  parkFloor: number;
  /** Service direction. */
  dir: Dir;
  /** Start of the current door opening. */
  doorOpenedAt: number;
  dwellEnd: number;
  transferEnd: number;
  /** Decision id of the hall call answered at the current stop (−1 if none). */
  servingDecision: number;
  /** Whether doors opened at the current floor since the car last moved. */
  openedHere: boolean;

  onboard: Passenger[];
  load: number;
  /** Passengers on board per destination floor: the car calls. */
  onboardByDest: Int32Array;
  /** Pickup demands per (dir·n + floor): assigned hall calls plus allocated passengers. */
  pickups: Int32Array;
  /** Passengers allocated to the car and still waiting (destination control). */
  allocated: Passenger[];
  assignedCalls: number;

  stops: number;
  distance: number;
  carried: number;
  loadIntegral: number;
  lastLoadChange: number;
  maxLoad: number;
  mainEntranceDepartures: number;
}

export interface GroupState {
  index: number;
  name: string;
  cars: number[];
  servedFloors: number[];
  entranceFloors: number[];
  serves: Uint8Array;
  /** Waiting passengers per (dir·n + floor), in arrival order. */
  queues: Passenger[][];
  /** Registered hall calls per (dir·n + floor). */
  callRegistered: Uint8Array;
  callTime: Float64Array;
  callCar: Int32Array;
  callDecision: Int32Array;
  parking: ParkingPolicy;
  doorReversal: boolean;
  /** The group's main entrance: the building's main entrance if served, else its lowest entrance floor. */
  lobby: number;
  /** Parking floor of each zone for `distributed` parking (zone 0 parks at the lobby). */
  zoneParkingFloors: number[];
  trafficShare: number | undefined;
}

export function dirOf(origin: number, destination: number): Dir {
  return destination > origin ? UP : DOWN;
}

export function dirName(d: Dir): 'up' | 'down' | 'idle' {
  return d === UP ? 'up' : d === DOWN ? 'down' : 'idle';
}

// Packed (direction, floor) indices: arrays of 2·n entries per group or car (hall calls, queues,
// pickups) hold up calls at 0…n−1 and down calls at n…2n−1. These helpers are the one place that
// knows the layout.

/** Index of the (dir, floor) entry in a packed array of 2·n entries (dir UP or DOWN). */
export function callIndex(dir: Dir, floor: number, n: number): number {
  return dir * n + floor;
}

/** Floor of a packed (dir, floor) index. */
export function callFloor(k: number, n: number): number {
  return k < n ? k : k - n;
}

/** Direction of a packed (dir, floor) index. */
export function callDir(k: number, n: number): Dir {
  return k < n ? UP : DOWN;
}
