import type { KpiSummary } from '../results.js';
import type {
  Direction,
  DoorState,
  HallCallSnapshot,
  QueueSnapshot,
  SimulationSnapshot,
} from '../snapshot.js';
import { z } from 'zod';
import { liveSpeedSchema, type LiveSpeed } from './control.js';

export const liveStatuses = ['created', 'running', 'paused', 'finished', 'failed', 'stopped'] as const;
/**
 * Same values as the sessions table's status column. `finished`: reached its end time;
 * `stopped`: ended early by a stop control (its results are final either way).
 */
export type LiveStatus = (typeof liveStatuses)[number];

/** Frames per second a viewer receives unless the server is configured otherwise. */
export const DEFAULT_FRAME_RATE = 10;

/** What a viewer needs to know about a session besides the simulation itself (also a REST response). */
export const liveSessionStateSchema = z.object({
  sessionId: z.string(),
  status: z.enum(liveStatuses),
  speed: liveSpeedSchema,
  /** Simulated clock, s. */
  time: z.number(),
  /** Simulated time at which the session ends, s. */
  endTime: z.number(),
  /** Name of the dispatcher in charge now. */
  dispatcher: z.string(),
  /** Commands applied so far (passenger, hall call, dispatcher switches). */
  commands: z.number().int(),
});
export type LiveSessionState = z.output<typeof liveSessionStateSchema>;

/** Sent in the join acknowledgement (and to the room when the session jumps, e.g. after a restart). */
export interface LiveSnapshotMessage {
  state: LiveSessionState;
  snapshot: SimulationSnapshot;
  /** Frames per second the server sends. */
  frameRate: number;
}

/** Car state in a frame: kinematics, doors, load, direction (rounded to what a display needs). */
export interface FrameCar {
  id: string;
  /** m above floor 0. */
  position: number;
  /** m/s, positive = up. */
  velocity: number;
  direction: Direction;
  door: DoorState;
  load: number;
  target: number | null;
}

/** A passenger moment since the previous frame (batched). */
export interface LivePassengerEvent {
  time: number;
  kind: 'arrive' | 'board' | 'alight';
  floor: number;
  /** Car boarded or alighted from; null for arrivals at a landing. */
  car: string | null;
  /** Persons concerned. */
  count: number;
}

export interface LiveFrame {
  sessionId: string;
  /** Increases by one per frame of this session; a gap means frames were dropped for this viewer. */
  seq: number;
  /** Simulated clock, s — the same for every viewer of the session. */
  time: number;
  status: LiveStatus;
  speed: LiveSpeed;
  cars: FrameCar[];
  /** Persons queuing per floor and direction (floors with nobody waiting are left out). */
  queues: QueueSnapshot[];
  /** Hall calls registered now (with their assigned car), so a viewer's call list follows the session. */
  calls: HallCallSnapshot[];
  waiting: number;
  riding: number;
  /** KPIs so far. */
  kpis: KpiSummary;
  /** Passenger events since the previous frame, oldest first (capped; `droppedEvents` counts the rest). */
  events: LivePassengerEvent[];
  droppedEvents: number;
}

/** Progress of a comparison run, pushed to clients subscribed to it. */
export interface RunProgressMessage {
  runId: string;
  status: 'queued' | 'running' | 'finished' | 'cancelled' | 'failed';
  done: number;
  total: number;
}

/** True for a session that can no longer run (finished, stopped or failed). */
export const isEndedStatus = (status: LiveStatus): boolean =>
  status === 'finished' || status === 'stopped' || status === 'failed';
