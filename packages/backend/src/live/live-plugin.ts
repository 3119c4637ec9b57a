/**
 * Live sessions over Socket.IO (path /socket.io/): viewers join a session's room, get a full snapshot
 * in the acknowledgement, then frames (skipped for viewers that are backed up); controls go through the one SessionManager that the
 * REST control routes use too. Running sessions resume by themselves when the app is ready.
 */
import {
  controlRequestSchema,
  issuesOf,
  joinRequestSchema,
  MAX_REPORTED_ISSUES,
  scanInput,
  liveRooms,
  runSubscriptionSchema,
  SOCKET_IO_PATH,
  type ClientToServerEvents,
  type InterServerEvents,
  type LiveAck,
  type ServerToClientEvents,
  type SessionControl,
  type SocketData,
} from '@hoistway/shared-types';
import type { FastifyInstance } from 'fastify';
import type { LiveAccess, SocketAccess } from '../auth/live-access.js';
import fastifySocketIOModule from 'fastify-socket.io';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { RunRepository } from '../repositories/runs.js';
import type { SessionRepository } from '../repositories/sessions.js';
import type { LiveSettings } from './live-config.js';
import { LiveError, toAckError } from './live-error.js';
import { RunProgressRelay } from './run-progress-relay.js';
import { SessionManager, type LiveSink, type SessionManagerOptions } from './session-manager.js';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

declare module 'fastify' {
  interface FastifyInstance {
    io: LiveServer;
    liveSessions: SessionManager;
  }
}

export interface LivePluginOptions {
  sessions: SessionRepository;
  runs: RunRepository;
  /** From the LIVE_* configuration, with the overrides of tests and benchmarks applied. */
  settings: LiveSettings;
  /** Resume sessions stored as running when the app is ready (default true). */
  resumeOnReady?: boolean;
  /** Completes a control before it runs (learned dispatchers: the model's weights); throws LiveError. */
  resolveControl?: (control: SessionControl) => Promise<SessionControl>;
  /** Why a stored session may not be loaded (work limits), or undefined (see SessionManagerOptions). */
  admit?: SessionManagerOptions['admit'];
  /** Origin, handshake credentials and per-event rights (absent: everything allowed, as in unit tests). */
  access?: LiveAccess;
}

// fastify-socket.io is CommonJS with an ES-module-style default export.
const fastifySocketIO = fastifySocketIOModule.default;

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // Text the database cannot store is refused here, as in REST request validation.
  const unsafe = scanInput(input, { maxIssues: MAX_REPORTED_ISSUES }).issues;
  if (unsafe.length > 0) throw new LiveError(400, 'Bad Request', 'Invalid request', unsafe);
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new LiveError(400, 'Bad Request', 'Invalid request', issuesOf(parsed.error, MAX_REPORTED_ISSUES));
  return parsed.data;
}

/** Wraps a handler: whatever the client sent, it gets one acknowledgement and the server stays up. */
function acknowledged<T extends object>(
  handler: (payload: unknown) => Promise<T>,
): (payload: unknown, ack: unknown) => void {
  return (payload, ack) => {
    const reply = typeof ack === 'function' ? (ack as (res: LiveAck<T>) => void) : () => {};
    handler(payload).then(
      (value) => reply({ ok: true, ...value }),
      (err: unknown) => reply(toAckError(err)),
    );
  };
}

/** Frames a viewer may have waiting in user space before it is skipped (Engine.IO packets). */
export const MAX_PENDING_FRAMES = 16;
/** Bytes the WebSocket may hold unsent before the viewer is skipped. */
export const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * True when a viewer is not keeping up: Engine.IO has packets queued behind a transport that is not
 * writable (a stalled or slow client), or the WebSocket holds unsent bytes. Such a viewer misses the
 * frame; it catches up with the next one once it drains (frames are complete pictures).
 */
export function isBackedUp(socket: LiveSocket): boolean {
  const conn = socket.conn as unknown as {
    writeBuffer: unknown[];
    transport: { socket?: { bufferedAmount?: number } };
  };
  return (
    conn.writeBuffer.length >= MAX_PENDING_FRAMES ||
    (conn.transport.socket?.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES
  );
}

function socketSink(io: LiveServer): LiveSink {
  const nsp = io.of('/');
  return {
    // One encoding per frame for the whole room, minus the viewers that are backed up.
    frames: (frames) => {
      for (const frame of frames) {
        const room = liveRooms.session(frame.sessionId);
        const members = nsp.adapter.rooms.get(room);
        if (!members) continue;
        const behind: string[] = [];
        for (const id of members) {
          const socket = nsp.sockets.get(id);
          if (socket && isBackedUp(socket)) behind.push(id);
        }
        if (behind.length === members.size) continue;
        (behind.length > 0 ? io.to(room).except(behind) : io.to(room)).emit('frame', frame);
      }
    },
    state: (state) => io.to(liveRooms.session(state.sessionId)).emit('state', state),
    snapshot: (sessionId, message) =>
      io.to(liveRooms.session(sessionId)).emit('snapshot', { sessionId, ...message }),
    finished: (sessionId, results) =>
      io.to(liveRooms.session(sessionId)).emit('finished', { sessionId, results }),
    runProgress: (message) => io.to(liveRooms.run(message.runId)).emit('runProgress', message),
  };
}

function registerHandlers(
  socket: LiveSocket,
  manager: SessionManager,
  relay: RunProgressRelay,
  access: LiveAccess | undefined,
): void {
  socket.data.sessions = new Set();
  const granted = (socket as { access?: SocketAccess }).access;
  const authorize = async (event: 'join' | 'control' | 'subscribeRun', id: string) =>
    access && granted ? access.authorize(granted, event, id) : ('control' as const);
  const runs = new Set<string>();
  const on = socket.on.bind(socket) as (
    event: string,
    listener: (payload: unknown, ack: unknown) => void,
  ) => void;

  on(
    'join',
    acknowledged(async (payload) => {
      const { sessionId } = parse(joinRequestSchema, payload);
      const right = await authorize('join', sessionId);
      if (socket.data.sessions.has(sessionId)) await manager.leave(sessionId);
      const message = await manager.join(sessionId);
      socket.data.sessions.add(sessionId);
      await socket.join(liveRooms.session(sessionId));
      return { ...message, access: right };
    }),
  );
  on(
    'leave',
    acknowledged(async (payload) => {
      const { sessionId } = parse(joinRequestSchema, payload);
      if (socket.data.sessions.delete(sessionId)) {
        await socket.leave(liveRooms.session(sessionId));
        await manager.leave(sessionId);
      }
      return {};
    }),
  );
  on(
    'control',
    acknowledged(async (payload) => {
      const { sessionId, control } = parse(controlRequestSchema, payload);
      await authorize('control', sessionId);
      return { state: await manager.control(sessionId, control) };
    }),
  );
  on(
    'subscribeRun',
    acknowledged(async (payload) => {
      const { runId } = parse(runSubscriptionSchema, payload);
      await authorize('subscribeRun', runId);
      const progress = await relay.subscribe(runId);
      runs.add(runId);
      await socket.join(liveRooms.run(runId));
      return { progress };
    }),
  );
  on(
    'unsubscribeRun',
    acknowledged(async (payload) => {
      const { runId } = parse(runSubscriptionSchema, payload);
      if (runs.delete(runId)) {
        await socket.leave(liveRooms.run(runId));
        relay.unsubscribe(runId);
      }
      return {};
    }),
  );
  socket.on('disconnect', () => {
    access?.disconnected(socket, granted);
    for (const sessionId of socket.data.sessions) void manager.leave(sessionId);
    socket.data.sessions.clear();
    for (const runId of runs) relay.unsubscribe(runId);
    runs.clear();
  });
}

/**
 * Adds Socket.IO and the live-session manager to the app itself (not an encapsulated plugin: the
 * REST control routes and the run manager reach the manager as `app.liveSessions`).
 */
export async function registerLive(
  app: FastifyInstance,
  options: LivePluginOptions,
): Promise<SessionManager> {
  const { settings } = options;
  const { access } = options;
  await app.register(fastifySocketIO, {
    path: SOCKET_IO_PATH,
    serveClient: false,
    // A cross-origin handshake (a page elsewhere on the web) is refused before it is upgraded.
    allowRequest: (req, callback) => callback(null, access ? access.originAllowed(req) : true),
  });
  if (access)
    app.io.use((socket, next) => {
      access.connect(socket, socket.handshake).then(
        () => next(),
        (err: Error) => next(err),
      );
    });
  const manager = new SessionManager({
    sessions: options.sessions,
    resolveControl: options.resolveControl,
    admit: options.admit,
    ...settings,
    log: app.log,
  });
  const relay = new RunProgressRelay(options.runs, (message) => manager.publishRunProgress(message));
  manager.setSink(socketSink(app.io));
  app.decorate('liveSessions', manager);
  app.io.on('connection', (socket) => registerHandlers(socket, manager, relay, access));

  if (options.resumeOnReady !== false)
    app.addHook('onReady', async () => {
      await manager.resumeRunning();
    });
  // Before the database closes: a last checkpoint of every running session.
  app.addHook('preClose', async () => {
    relay.close();
    await manager.close();
  });
  return manager;
}
