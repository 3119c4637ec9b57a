/**
 * The contract between the two threads of the live layer, checked by the compiler on both sides:
 * the main thread (`main/`: REST, Socket.IO, the session manager) calls a host thread (`worker/`: the
 * loop that runs sessions) through `HostApi`, and the host reports back through `HostEvents`. Calls
 * travel over birpc on a worker's message port; an in-process host (workers = 0) is called directly.
 */
import type {
  LiveFrame,
  LiveSessionState,
  PassengerRecord,
  SessionControl,
  SimulationResults,
  SimulationSnapshot,
} from '@hoistway/shared-types';
import type { SessionCheckpoint } from '../repositories/sessions.js';
import type { ControlOutcome, RunnerInit } from './worker/session-runner.js';

export interface HostOptions {
  /** Frames per second sent to viewers. */
  frameRate: number;
  /** Wall milliseconds between checkpoints of a running session. */
  checkpointMs: number;
  /** Sim seconds after which a running session is checkpointed even before checkpointMs passed. */
  checkpointSimSeconds: number;
  /** Wall milliseconds per frame period a host may spend on "as fast as possible" sessions. */
  fastBudgetMs: number;
}

/** What a host serves. Every call names its session; an unknown one is a 404 `LiveError`. */
export interface HostApi {
  open(init: RunnerInit): { state: LiveSessionState };
  control(sessionId: string, control: SessionControl): ControlOutcome;
  snapshot(sessionId: string): { state: LiveSessionState; snapshot: SimulationSnapshot };
  results(sessionId: string): SimulationResults;
  passengers(sessionId: string): PassengerRecord[];
  checkpoint(sessionId: string): SessionCheckpoint;
  /** Frames are built only for watched sessions. */
  watch(sessionId: string, watched: boolean): void;
  close(sessionId: string): void;
}

/** The method names of `HostApi`, for the in-process host's wrapper (kept complete by the compiler). */
export const hostApiMethods = [
  'open',
  'control',
  'snapshot',
  'results',
  'passengers',
  'checkpoint',
  'watch',
  'close',
] as const satisfies readonly (keyof HostApi)[];
type Missing = Exclude<keyof HostApi, (typeof hostApiMethods)[number]>;
const everyMethodListed: [Missing] extends [never] ? true : Missing = true;
void everyMethodListed;

/** `HostApi` as the main thread sees it: every call answers asynchronously. */
export type RemoteHostApi = {
  [K in keyof HostApi]: (...args: Parameters<HostApi[K]>) => Promise<ReturnType<HostApi[K]>>;
};

export type HostEvent =
  /** One frame per watched session that moved since the previous frame period. */
  | { kind: 'frames'; frames: LiveFrame[] }
  | { kind: 'checkpoints'; checkpoints: SessionCheckpoint[] }
  | { kind: 'finished'; sessionId: string; results: SimulationResults; checkpoint: SessionCheckpoint }
  | { kind: 'failed'; sessionId: string; message: string };

/** What the main thread serves to a host: its events, sent without waiting for a reply. */
export interface HostEvents {
  event(event: HostEvent): void;
}
