/** Shared set-up of the live-session tests: a listening app on a fresh database, and typed clients. */
import type {
  BuildingInput,
  ClientToServerEvents,
  CreateSessionBody,
  LiveFrame,
  ServerToClientEvents,
} from '@hoistway/shared-types';
import { SOCKET_IO_PATH } from '@hoistway/shared-types';
import type { FastifyInstance } from 'fastify';
import { io as connectClient, type Socket } from 'socket.io-client';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { LiveSettings } from '../src/live/main/live-config.js';
import { officeBuilding } from './helpers/fixtures.js';
import { fakeExecutor } from './helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveTestApp {
  app: FastifyInstance;
  url: string;
  db: TestDatabase;
  /** Creates a building (once per call) and a session on it; returns the session id. */
  createSession(body?: Partial<CreateSessionBody>, building?: BuildingInput): Promise<string>;
  connect(): Promise<LiveClient>;
  close(): Promise<void>;
}

export async function startLiveApp(
  settings: Partial<LiveSettings> = {},
  options: { runDelayMs?: number; env?: Record<string, string> } = {},
): Promise<LiveTestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    DATA_DIR: 'memory://',
    RATE_LIMIT_MAX: '0',
    HOST: '127.0.0.1',
    AUTH_MODE: 'local-single-user',
    ...options.env,
  });
  const app = await buildApp({
    config,
    database: db.database,
    executor: fakeExecutor({ delayMs: options.runDelayMs }),
    logger: false,
    live: { settings: { workers: 1, frameRate: 10, checkpointMs: 300, ...settings } },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const clients: LiveClient[] = [];

  return {
    app,
    url,
    db,
    async createSession(body = {}, building = officeBuilding()) {
      const b = await app.inject({ method: 'POST', url: '/api/buildings', payload: building as object });
      if (b.statusCode !== 201) throw new Error(`building: ${b.body}`);
      const s = await app.inject({
        method: 'POST',
        url: '/api/sessions',
        payload: { buildingId: b.json().id, ...body } as object,
      });
      if (s.statusCode !== 201) throw new Error(`session: ${s.body}`);
      return s.json().id as string;
    },
    async connect() {
      const client: LiveClient = connectClient(url, {
        path: SOCKET_IO_PATH,
        transports: ['websocket'],
        forceNew: true,
      });
      clients.push(client);
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('connect_error', reject);
      });
      return client;
    },
    async close() {
      for (const c of clients) c.disconnect();
      await app.close();
      await db.drop();
    },
  };
}

/** Frames of one session received by a client from now on. */
export function recordFrames(client: LiveClient, sessionId: string): LiveFrame[] {
  const frames: LiveFrame[] = [];
  client.on('frame', (f) => {
    if (f.sessionId === sessionId) frames.push(f);
  });
  return frames;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(25);
  }
}
