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
  type ForwardedReply,
  type InterServerEvents,
  type LiveAck,
  type ServerToClientEvents,
  type SessionControl,
  type SocketData,
} from '@hoistway/shared-types';
import type { FastifyInstance } from 'fastify';
import type { LiveAccess, SocketAccess } from '../../auth/live-access.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { createAdapter } from '@socket.io/postgres-adapter';
import fastifySocketIOModule from 'fastify-socket.io';
import pg from 'pg';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { RunRepository } from '../../repositories/runs.js';
import type { SessionLeaseRepository } from '../../repositories/session-leases.js';
import type { SessionRepository } from '../../repositories/sessions.js';
import type { LiveSettings } from './live-config.js';

import { deserializeError, LiveError, serializeError, toAckError } from '../live-error.js';
import { RunProgressRelay } from './run-progress-relay.js';
import {
  OwnerUnanswered,
  SessionManager,
  type ForwardedRequest,
  type LiveCluster,
  type LiveSink,
  type SessionManagerOptions,
} from './session-manager.js';

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
  /**
   * Backend replicas on one PostgreSQL server (absent on embedded PGlite: one process, the in-memory
   * adapter): Socket.IO's PostgreSQL adapter on `connectionString`, and the sessions' leases.
   */
  replicas?: { connectionString: string; leases: SessionLeaseRepository };
}

/** A replica's id: readable in the leases (host name, process id) and unique (a random part). */
export const newReplicaId = () => `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;

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

/** Emits to this replica's own viewers only (frames skip the viewers that are backed up). */
function localSink(io: LiveServer): LiveSink {
  const nsp = io.of('/');
  const local = io.local;
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
        (behind.length > 0 ? local.to(room).except(behind) : local.to(room)).emit('frame', frame);
      }
    },
    state: (state) => local.to(liveRooms.session(state.sessionId)).emit('state', state),
    snapshot: (sessionId, message) =>
      local.to(liveRooms.session(sessionId)).emit('snapshot', { sessionId, ...message }),
    finished: (sessionId, results) =>
      local.to(liveRooms.session(sessionId)).emit('finished', { sessionId, results }),
    // Each replica relays the progress of the runs its own viewers subscribed to.
    runProgress: (message) => local.to(liveRooms.run(message.runId)).emit('runProgress', message),
  };
}

/**
 * With replicas: this replica's viewers as above, and the viewers on other replicas through the
 * cluster, where each replica hands the events to its own local sink (which skips its backed-up
 * viewers too). Frames cross only for sessions with viewers elsewhere; each tick's go in one message.
 */
function clusterSink(io: LiveServer, manager: SessionManager): LiveSink {
  const local = localSink(io);
  io.on('liveFrames', (frames) => local.frames(frames));
  io.on('liveState', (state) => local.state(state));
  io.on('liveSnapshot', ({ sessionId, ...message }) => local.snapshot(sessionId, message));
  io.on('liveFinished', ({ sessionId, results }) => local.finished(sessionId, results));
  return {
    frames: (frames) => {
      local.frames(frames);
      const away = frames.filter((f) => manager.hasRemoteViewers(f.sessionId));
      if (away.length > 0) io.serverSideEmit('liveFrames', away);
    },
    state: (state) => {
      local.state(state);
      io.serverSideEmit('liveState', state);
    },
    snapshot: (sessionId, message) => {
      local.snapshot(sessionId, message);
      io.serverSideEmit('liveSnapshot', { sessionId, ...message });
    },
    finished: (sessionId, results) => {
      local.finished(sessionId, results);
      io.serverSideEmit('liveFinished', { sessionId, results });
    },
    runProgress: local.runProgress,
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
  const { replicas } = options;
  const replicaId = settings.replicaId ?? newReplicaId();
  // The adapter's own pool (it LISTENs on one connection and NOTIFYs on the others).
  const pool = replicas ? new pg.Pool({ connectionString: replicas.connectionString, max: 4 }) : null;
  pool?.on('error', (err) => app.log.error({ err }, 'live cluster connection failed'));
  // The adapter keeps one client checked out for LISTEN; the pool's handler covers idle clients only,
  // so without this a server restart or a dropped connection would be an uncaught exception.
  pool?.on('connect', (client) =>
    client.on('error', (err) => app.log.error({ err }, 'live cluster connection failed')),
  );
  await app.register(fastifySocketIO, {
    path: SOCKET_IO_PATH,
    serveClient: false,
    // Replicas see each other through heartbeats; one silent for a lease's length is taken as gone.
    ...(pool
      ? {
          adapter: createAdapter(pool, {
            heartbeatInterval: settings.heartbeatMs,
            heartbeatTimeout: settings.leaseMs,
            errorHandler: (err: Error) => app.log.error({ err }, 'live cluster adapter error'),
          }),
        }
      : {}),
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
  const io = app.io;
  const cluster: LiveCluster | undefined = replicas && {
    replicaId,
    leases: replicas.leases,
    leaseMs: settings.leaseMs,
    heartbeatMs: settings.heartbeatMs,
    forward: (owner, request) =>
      new Promise((resolve, reject) => {
        io.serverSideEmit('live', { to: owner, request }, (_err: Error | null, replies: ForwardedReply[]) => {
          // Every replica answers (the others with null); a timeout still delivers the answers so far.
          const reply = (replies ?? []).find((r) => r?.replica === owner);
          if (!reply) reject(new OwnerUnanswered());
          else if (reply.ok) resolve(reply.value);
          else reject(deserializeError(reply.error as ReturnType<typeof serializeError>));
        });
      }),
    roomSize: async (sessionId, { strict = false } = {}) => {
      const room = liveRooms.session(sessionId);
      const local = io.of('/').adapter.rooms.get(room)?.size ?? 0;
      // A replica that died and is not yet known as gone never answers: count the local viewers then.
      const all = await io
        .in(room)
        .timeout(settings.heartbeatMs)
        .fetchSockets()
        .catch((err: unknown) => {
          if (strict) throw err;
          return null;
        });
      return { local, remote: all ? Math.max(0, all.length - local) : 0 };
    },
  };
  const manager = new SessionManager({
    sessions: options.sessions,
    resolveControl: options.resolveControl,
    admit: options.admit,
    ...settings,
    cluster,
    log: app.log,
  });
  if (cluster) {
    io.on('live', (message, ack) => {
      if (message.to !== replicaId) return ack(null);
      manager.handleForwarded(message.request as ForwardedRequest).then(
        (value) => ack({ replica: replicaId, ok: true, value: value ?? null }),
        (err: unknown) => ack({ replica: replicaId, ok: false, error: serializeError(err) }),
      );
    });
    app.log.info({ replicaId }, 'live sessions shared with other backend replicas (PostgreSQL adapter)');
  }
  const relay = new RunProgressRelay(options.runs, (message) => manager.publishRunProgress(message));
  manager.setSink(cluster ? clusterSink(io, manager) : localSink(io));
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
  if (pool) {
    // The adapter opens its listening connection in the background, and gives it back on close only
    // once it has it: wait for it here, so an app closed right after it started does not hang.
    const pubsub = (io.of('/').adapter as unknown as { client?: { client?: unknown } }).client;
    const deadline = Date.now() + 10_000;
    while (pubsub && !pubsub.client && Date.now() < deadline) await delay(20);
    if (pubsub && !pubsub.client) app.log.warn('live cluster adapter is not listening yet; going on');
    app.addHook('onClose', async () => {
      // The adapter gives its listening connection back when Socket.IO closes; then the pool ends
      // (bounded: a connection the adapter is still reopening after an outage is never given back).
      await io.close();
      const ended = await Promise.race([pool.end().then(() => true), delay(2000).then(() => false)]);
      if (!ended) app.log.warn('live cluster connections did not close in time');
    });
  }
  return manager;
}
