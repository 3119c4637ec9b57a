/** Backend configuration, read once from environment variables and validated (see README.md). */
import { z } from 'zod';
import { defaultWorkLimits, describeIssues, issuesOf } from '@hoistway/shared-types';

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

/** A positive whole-number limit with a default (the work budgets, see work-budget.ts in shared-types). */
const limit = (fallback: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(fallback));

const onOff = (fallback: 'on' | 'off') =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' })
      .default(fallback)
      .transform((v) => v === 'on' || v === 'true' || v === '1'),
  );

/**
 * Fastify's trustProxy: `false` (default: the client is the peer), `true` (trust every hop), a hop
 * count (`1`: one proxy in front, as nginx in the compose stack), or addresses/CIDRs to trust.
 */
const trustProxy = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .default('false')
    .transform((v, ctx): boolean | number | string[] => {
      const text = v.trim().toLowerCase();
      if (text === 'false' || text === '0' || text === 'off') return false;
      if (text === 'true' || text === 'on') return true;
      if (/^\d+$/.test(text)) return Number(text);
      const list = text.split(',').map((part) => part.trim());
      if (
        list.every(
          (part) =>
            /^[0-9a-f.:]+(\/\d{1,3})?$/.test(part) ||
            part === 'loopback' ||
            part === 'linklocal' ||
            part === 'uniquelocal',
        )
      )
        return list;
      ctx.addIssue({ code: 'custom', message: 'must be false, true, a hop count or addresses/CIDRs' });
      return z.NEVER;
    }),
);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
export const isLoopbackHost = (host: string) => LOOPBACK_HOSTS.has(host) || host.startsWith('127.');

export const configSchema = z
  .object({
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65_535).default(5007)),
    HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
    /** PostgreSQL server; unset → embedded PGlite in DATA_DIR. */
    DATABASE_URL: z.preprocess(
      emptyAsUndefined,
      z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
    ),
    /** Connections to DATABASE_URL's server (fewer connections pipeline more queries each). */
    DATABASE_POOL_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(10)),
    /** PGlite data directory (`memory://` keeps it in memory). */
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
    LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    /** Largest accepted request body, bytes. */
    BODY_LIMIT: z.preprocess(
      emptyAsUndefined,
      z.coerce
        .number()
        .int()
        .min(1024)
        .default(5 * 1024 * 1024),
    ),
    /** Requests per minute per client on /api; 0 disables the limit. */
    RATE_LIMIT_MAX: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(1200)),
    /** Built web app to serve; defaults to packages/frontend/dist. */
    FRONTEND_DIST: z.preprocess(emptyAsUndefined, z.string().optional()),
    /** Worker threads for comparison runs; defaults to the CPU count − 1 (at least 1). */
    RUN_WORKERS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(64).optional()),
    /**
     * Who executes comparison tasks from the job queue: `auto` (default) this backend's pool too, beside
     * any `hoistway-sim worker`s; `workers` only the workers (needs DATABASE_URL, which they share).
     */
    RUN_EXECUTION: z.preprocess(emptyAsUndefined, z.enum(['auto', 'workers']).default('auto')),
    /** Frames per second sent to live viewers (default 10). */
    LIVE_FRAME_RATE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(60).optional()),
    /** Worker threads hosting live sessions; 0 = the main thread (default: CPU count − 1, at least 1). */
    LIVE_WORKERS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(64).optional()),
    /** Wall milliseconds between checkpoints of a running session (default 2000). */
    LIVE_CHECKPOINT_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number().int().min(100).max(60_000).optional(),
    ),
    /**
     * Sim seconds between checkpoints of a running session, besides LIVE_CHECKPOINT_MS of wall time
     * (whichever comes first), so a fast session resumes close to where it was (default 60).
     */
    LIVE_CHECKPOINT_SIM_SECONDS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number().min(1).max(86_400).optional(),
    ),
    /**
     * Backend replicas on one PostgreSQL: how long a replica's lease on a live session lasts unless
     * renewed (ms, default 6000); another replica takes the session over once it expires.
     */
    LIVE_LEASE_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(200).max(600_000).optional()),
    /** How often a replica renews its leases and looks for sessions to take over (ms, default 2000). */
    LIVE_LEASE_HEARTBEAT_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number().int().min(50).max(300_000).optional(),
    ),
    /** `login` (accounts; the default) or `local-single-user` (no login, everyone a local admin; loopback only). */
    AUTH_MODE: z.preprocess(emptyAsUndefined, z.enum(['login', 'local-single-user']).default('login')),
    /** Fixes the one-time setup token of the first admin (automation); unset → random, printed in the log. */
    SETUP_TOKEN: z.preprocess(
      emptyAsUndefined,
      z.string().min(16, 'must be at least 16 characters').max(200).optional(),
    ),
    /** The address people open (the setup link printed at start-up), e.g. `https://hoistway.example.com`. */
    PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ error: 'must be a URL' }).optional()),
    /** Lifetime of a login session, hours. */
    SESSION_HOURS: z.preprocess(
      emptyAsUndefined,
      z.coerce
        .number()
        .int()
        .min(1)
        .max(24 * 365)
        .default(168),
    ),
    /** Origins allowed to open Socket.IO connections, comma-separated; unset → the same origin only. */
    ALLOWED_ORIGINS: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .optional()
        .transform((v) =>
          (v ?? '')
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean),
        ),
    ),
    /** Open Socket.IO connections per user (or share link). */
    LIVE_MAX_SOCKETS_PER_USER: z.preprocess(
      emptyAsUndefined,
      z.coerce.number().int().min(1).max(10_000).default(20),
    ),
    /** `control` events per second per socket. */
    LIVE_CONTROL_RATE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000).default(20)),
    /** Swagger UI at /api/docs (and its JSON at /api/docs/json). */
    API_DOCS: onOff('on'),
    /** Which proxies to believe about the client's address (X-Forwarded-For): see `trustProxy`. */
    TRUST_PROXY: trustProxy,
    /** Milliseconds a client has to send a whole request (headers and body); slower ones get 408. */
    REQUEST_TIMEOUT_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    ),
    // Work budgets, checked before any work starts (defaults: defaultWorkLimits).
    LIMIT_FLOOR_POPULATION: limit(defaultWorkLimits.floorPopulation),
    LIMIT_BUILDING_POPULATION: limit(defaultWorkLimits.buildingPopulation),
    LIMIT_FLOORS_X_CARS: limit(defaultWorkLimits.floorsTimesCars),
    LIMIT_SIMULATION_PASSENGERS: limit(defaultWorkLimits.simulationPassengers),
    LIMIT_RUN_PASSENGERS: limit(defaultWorkLimits.runPassengers),
    LIMIT_RUN_SIM_HOURS: limit(defaultWorkLimits.runSimHours),
    LIMIT_DATASET_PASSENGERS: limit(defaultWorkLimits.datasetPassengers),
    /** Training rows × epochs of one training job started from the web app. */
    LIMIT_TRAINING_ROW_EPOCHS: limit(50_000_000),
    /** (dispatcher, seed) tasks of comparison runs waiting or running at once; more → 429. */
    LIMIT_QUEUED_RUN_TASKS: limit(4000),
  })
  .superRefine((config, ctx) => {
    // A lease must survive a missed heartbeat or two, or a busy replica loses its sessions.
    const leaseMs = config.LIVE_LEASE_MS ?? 6000;
    const heartbeatMs = config.LIVE_LEASE_HEARTBEAT_MS ?? 2000;
    if (heartbeatMs * 2 > leaseMs)
      ctx.addIssue({
        code: 'custom',
        path: [config.LIVE_LEASE_HEARTBEAT_MS === undefined ? 'LIVE_LEASE_MS' : 'LIVE_LEASE_HEARTBEAT_MS'],
        message: `LIVE_LEASE_HEARTBEAT_MS (${heartbeatMs}) must be at most half of LIVE_LEASE_MS (${leaseMs})`,
      });
    // No login is only safe where nobody else can connect.
    if (config.AUTH_MODE === 'local-single-user' && !isLoopbackHost(config.HOST))
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_MODE'],
        message: `local-single-user needs HOST to be a loopback address (127.0.0.1, ::1 or localhost), not ${config.HOST}`,
      });
  });
export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success)
    throw new ConfigError(`Invalid configuration:\n${describeIssues(issuesOf(parsed.error))}`);
  // Workers reach the queue over the network: an embedded PGlite has none to offer.
  if (parsed.data.RUN_EXECUTION === 'workers' && !parsed.data.DATABASE_URL)
    throw new ConfigError(
      'Invalid configuration:\nRUN_EXECUTION: `workers` needs DATABASE_URL (workers cannot reach an embedded PGlite)',
    );
  return parsed.data;
}
