/**
 * Socket.IO event maps, defined once and used by the backend (`Server<ClientToServerEvents,
 * ServerToClientEvents, InterServerEvents, SocketData>`) and the web app (`Socket<ServerToClientEvents,
 * ClientToServerEvents>`). Event names appear only here.
 */
import { z } from 'zod';
import type { SimulationResults } from '../results.js';
import type { FieldIssue } from '../validation.js';
import { sessionControlSchema, type SessionControlInput } from './control.js';
import type { LiveFrame, LiveSessionState, LiveSnapshotMessage, RunProgressMessage } from './frame.js';

export const sessionIdSchema = z.uuid({ error: 'must be a UUID' });

export const joinRequestSchema = z.strictObject({ sessionId: sessionIdSchema });
export type JoinRequest = z.output<typeof joinRequestSchema>;

export const controlRequestSchema = z.strictObject({
  sessionId: sessionIdSchema,
  control: sessionControlSchema,
});
export type ControlRequest = { sessionId: string; control: SessionControlInput };

export const runSubscriptionSchema = z.strictObject({ runId: z.uuid({ error: 'must be a UUID' }) });
export type RunSubscription = z.output<typeof runSubscriptionSchema>;

/** Error acknowledgement: the same shape as the REST API's errors, plus `ok: false`. */
export interface LiveAckError {
  ok: false;
  error: string;
  message: string;
  details: FieldIssue[];
}
export type LiveAck<T extends object = object> = ({ ok: true } & T) | LiveAckError;

export interface ServerToClientEvents {
  /** ~10 per second per session; a viewer that is backed up misses frames instead of queueing them (gaps in `seq`). */
  frame: (frame: LiveFrame) => void;
  /** Status, speed or dispatcher changed. */
  state: (state: LiveSessionState) => void;
  /** The session's simulation was rebuilt (e.g. resumed after a backend restart): redraw from this. */
  snapshot: (message: LiveSnapshotMessage & { sessionId: string }) => void;
  /** The session reached its end (or was stopped); final results. */
  finished: (message: { sessionId: string; results: SimulationResults }) => void;
  runProgress: (message: RunProgressMessage) => void;
}

export interface ClientToServerEvents {
  /** The acknowledgement says whether this viewer may control the session or only watch it. */
  join: (
    request: JoinRequest,
    ack: (res: LiveAck<LiveSnapshotMessage & { access?: 'watch' | 'control' }>) => void,
  ) => void;
  leave: (request: JoinRequest, ack: (res: LiveAck) => void) => void;
  control: (request: ControlRequest, ack: (res: LiveAck<{ state: LiveSessionState }>) => void) => void;
  subscribeRun: (
    request: RunSubscription,
    ack: (res: LiveAck<{ progress: RunProgressMessage }>) => void,
  ) => void;
  unsubscribeRun: (request: RunSubscription, ack: (res: LiveAck) => void) => void;
}

/** A backend replica's answer to a forwarded request: the hosting replica's value, or its error. */
export type ForwardedReply =
  { replica: string; ok: true; value: unknown } | { replica: string; ok: false; error: unknown } | null;

/** Between backend replicas (through the cluster adapter): never from or to a browser. */
export interface InterServerEvents {
  /** A request for a live session hosted by replica `to`; every other replica answers null. */
  live: (message: { to: string; request: unknown }, ack: (reply: ForwardedReply) => void) => void;
  /** What the hosting replica shows its own viewers, for the viewers of that session on other replicas. */
  liveFrames: (frames: LiveFrame[]) => void;
  liveState: (state: LiveSessionState) => void;
  liveSnapshot: (message: LiveSnapshotMessage & { sessionId: string }) => void;
  liveFinished: (message: { sessionId: string; results: SimulationResults }) => void;
}

export interface SocketData {
  /** Sessions this socket has joined. */
  sessions: Set<string>;
}

/** Socket.IO path (the one nginx proxies). */
export const SOCKET_IO_PATH = '/socket.io/';

/** Room names, so server code never spells them twice. */
export const liveRooms = {
  session: (sessionId: string) => `session:${sessionId}`,
  run: (runId: string) => `run:${runId}`,
} as const;
