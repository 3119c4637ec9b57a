/** Messages between the session manager (main thread) and a session host (worker thread or in-process). */
import type {
  LiveFrame,
  LiveSessionState,
  PassengerRecord,
  SessionControl,
  SimulationResults,
  SimulationSnapshot,
} from '@hoistway/shared-types';
import type { SessionCheckpoint } from '../repositories/sessions.js';
import type { ControlOutcome, RunnerInit } from './session-runner.js';

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

export type HostRequest =
  | { kind: 'open'; init: RunnerInit }
  | { kind: 'control'; sessionId: string; control: SessionControl }
  | { kind: 'snapshot'; sessionId: string }
  | { kind: 'results'; sessionId: string }
  | { kind: 'passengers'; sessionId: string }
  | { kind: 'checkpoint'; sessionId: string }
  | { kind: 'watch'; sessionId: string; watched: boolean }
  | { kind: 'close'; sessionId: string };

/** The reply value of each request kind. */
export interface HostReplies {
  open: { state: LiveSessionState };
  control: ControlOutcome;
  snapshot: { state: LiveSessionState; snapshot: SimulationSnapshot };
  results: SimulationResults;
  passengers: PassengerRecord[];
  checkpoint: SessionCheckpoint;
  watch: null;
  close: null;
}

export type SerializedError =
  | {
      live: true;
      statusCode: number;
      code: string;
      message: string;
      details: { path: string; message: string }[];
    }
  | { live: false; message: string };

export type HostEnvelope = { id: number; request: HostRequest };
export type HostReplyEnvelope =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

export type HostEvent =
  /** One frame per watched session that moved since the previous frame period. */
  | { kind: 'frames'; frames: LiveFrame[] }
  | { kind: 'checkpoints'; checkpoints: SessionCheckpoint[] }
  | { kind: 'finished'; sessionId: string; results: SimulationResults; checkpoint: SessionCheckpoint }
  | { kind: 'failed'; sessionId: string; message: string };

export type WorkerMessage = { type: 'reply'; reply: HostReplyEnvelope } | { type: 'event'; event: HostEvent };
