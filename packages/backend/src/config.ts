/** Backend configuration, read once from environment variables and validated (see README.md). */
import { z } from 'zod';
import { describeIssues, issuesOf } from '@hoistway/shared-types';

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

export const configSchema = z.object({
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
  LIVE_CHECKPOINT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(60_000).optional()),
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
