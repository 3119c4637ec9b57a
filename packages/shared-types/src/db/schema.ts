/**
 * Drizzle schema of the Hoistway database. drizzle-kit generates the SQL migrations in
 * `packages/shared-types/drizzle/` from this file; keep it free of runtime imports other than
 * drizzle-orm so the generator can load it on its own.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  type AnyPgColumn,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  foreignKey,
  index,
  integer,
  json,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Building } from '../building.js';
import type { Traffic } from '../traffic.js';
import type { RunConfig } from '../run-config.js';
import type { PassengerRecord, SimulationResults } from '../results.js';
import type { SimulationCommand, SimulationSnapshot } from '../snapshot.js';
import type { LearnedNetwork, ModelEvaluation, ModelMetrics } from '../learned-model.js';

/** Raw bytes (drizzle's pg-core has no bytea column of its own). */
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------------------------------------
// Accounts and access (users, login sessions, API tokens, share links of live sessions)
// ---------------------------------------------------------------------------------------------

export const userRoles = ['admin', 'editor', 'viewer'] as const;
export const userRole = pgEnum('user_role', userRoles);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Login name, stored lower-case (unique). */
  username: text('username').notNull().unique(),
  /** argon2id PHC string; null for an invited account that has not chosen a password yet. */
  passwordHash: text('password_hash'),
  role: userRole('role').notNull().default('viewer'),
  disabled: boolean('disabled').notNull().default(false),
  /** An invitation not yet accepted: SHA-256 of its one-time token, and until when it is valid. */
  inviteTokenHash: text('invite_token_hash').unique(),
  inviteExpiresAt: timestamp('invite_expires_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** The account that created a row: editors may change and delete only their own (admins anything). */
const ownerId = () => uuid('owner_id').references(() => users.id, { onDelete: 'set null' });

/** Login sessions behind the HTTP-only cookie; the cookie holds a secret whose SHA-256 is the key. */
export const authSessions = pgTable(
  'auth_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Synchronizer token: state-changing cookie requests must echo it in `x-csrf-token`. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

export const apiTokenScopes = ['read', 'write'] as const;
export const apiTokenScope = pgEnum('api_token_scope', apiTokenScopes);

/** Bearer tokens for scripts and CI: shown once, stored as SHA-256, revocable. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, to recognise it in a list. */
    prefix: text('prefix').notNull(),
    scope: apiTokenScope('scope').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId, t.createdAt)],
);

// ---------------------------------------------------------------------------------------------
// Buildings (versioned: an edit adds a version, so sessions keep exactly what they ran)
// ---------------------------------------------------------------------------------------------

export const buildings = pgTable(
  'buildings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    archived: boolean('archived').notNull().default(false),
    currentVersion: integer('current_version').notNull().default(1),
    ownerId: ownerId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('buildings_list_idx').on(t.archived, t.createdAt, t.id)],
);

export const buildingVersions = pgTable(
  'building_versions',
  {
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<Building>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.buildingId, t.version] })],
);

// ---------------------------------------------------------------------------------------------
// Sessions (live simulations; running and control arrive with the live-session issue)
// ---------------------------------------------------------------------------------------------

export const sessionStatuses = ['created', 'running', 'paused', 'finished', 'failed', 'stopped'] as const;
export const sessionStatus = pgEnum('session_status', sessionStatuses);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    buildingId: uuid('building_id').notNull(),
    buildingVersion: integer('building_version').notNull(),
    traffic: jsonb('traffic').$type<Traffic>().notNull(),
    /** The validated run configuration (duration, warm-up, seed, dispatcher, drain time). */
    config: jsonb('config').$type<RunConfig>().notNull(),
    // Copies of fields the session list shows, kept by PostgreSQL so a list reads no JSON documents.
    /** The dispatcher in charge now: the last dispatcher switch in the command log, else the configured one. */
    dispatcher: text('dispatcher').generatedAlwaysAs(
      sql`coalesce(jsonb_path_query_array(command_log, '$[*].command ? (@.type == "dispatcher").dispatcher.name') ->> -1, config -> 'dispatcher' ->> 'name')`,
    ),
    trafficKind: text('traffic_kind').generatedAlwaysAs(sql`traffic ->> 'kind'`),
    trafficTemplate: text('traffic_template').generatedAlwaysAs(sql`traffic ->> 'template'`),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    status: sessionStatus('status').notNull().default('created'),
    /** Simulated clock, s. */
    simTime: doublePrecision('sim_time').notNull().default(0),
    /** Simulated seconds per wall-clock second. */
    speed: real('speed').notNull().default(1),
    /** Every command applied, with the sim time it took effect, so a session can be replayed. */
    commandLog: jsonb('command_log')
      .$type<{ time: number; command: SimulationCommand }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    snapshot: jsonb('snapshot').$type<SimulationSnapshot>(),
    results: jsonb('results').$type<SimulationResults>(),
    ownerId: ownerId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Deleting a building version that a session ran is refused by the database itself.
    foreignKey({
      name: 'sessions_building_version_fk',
      columns: [t.buildingId, t.buildingVersion],
      foreignColumns: [buildingVersions.buildingId, buildingVersions.version],
    }).onDelete('restrict'),
    index('sessions_list_idx').on(t.createdAt, t.id),
    index('sessions_status_list_idx').on(t.status, t.createdAt, t.id),
    index('sessions_building_list_idx').on(t.buildingId, t.createdAt, t.id),
  ],
);

/**
 * An ended session's per-passenger log, in chunks of a few thousand records, so a download never
 * replays the run. Stored as `json` (kept as text, not parsed into jsonb) one chunk per statement:
 * the embedded database runs on the server's thread, and a day's log in one value would stall it.
 * Chunk 0 always exists once the log is stored (an empty list for a session nobody rode).
 */
export const sessionPassengers = pgTable(
  'session_passengers',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    chunk: integer('chunk').notNull(),
    records: json('records').$type<PassengerRecord[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.chunk] })],
);

/**
 * Which backend replica hosts a live session, for how long (a lease renewed by its heartbeat). A
 * replica simulates a session only while it holds the lease; once `expires_at` passes (the replica
 * died), another takes the session over by replay. Times are the database's own clock (`now()`), so
 * replicas on different machines never compare their clocks. No row: nobody hosts it.
 */
export const sessionLeases = pgTable(
  'session_leases',
  {
    sessionId: uuid('session_id')
      .primaryKey()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    /** The replica's id (host name, process id and a random part). */
    owner: text('owner').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('session_leases_expiry_idx').on(t.expiresAt)],
);

/**
 * Messages of the Socket.IO PostgreSQL adapter too large for a NOTIFY (its documented table; the
 * adapter inserts and deletes the rows itself).
 */
export const socketIoAttachments = pgTable('socket_io_attachments', {
  id: bigserial('id', { mode: 'number' }).unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
  payload: bytea('payload'),
});

// ---------------------------------------------------------------------------------------------
// Runs (dispatcher comparisons: dispatchers × seeds on one building and traffic)
// ---------------------------------------------------------------------------------------------

export const runStatuses = ['queued', 'running', 'finished', 'cancelled', 'failed'] as const;
export const runStatus = pgEnum('run_status', runStatuses);

export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    buildingId: uuid('building_id').notNull(),
    buildingVersion: integer('building_version').notNull(),
    /** The validated comparison request (traffic, dispatchers, seeds, run settings). */
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    status: runStatus('status').notNull().default('queued'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull(),
    results: jsonb('results').$type<unknown>(),
    error: text('error'),
    /**
     * Set when the run evaluates this model against the heuristics (POST /api/models/:id/evaluate): its
     * results are also summarised into the model's evaluation when it finishes.
     */
    evaluatesModelId: uuid('evaluates_model_id').references((): AnyPgColumn => models.id, {
      onDelete: 'set null',
    }),
    ownerId: ownerId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({
      name: 'runs_building_version_fk',
      columns: [t.buildingId, t.buildingVersion],
      foreignColumns: [buildingVersions.buildingId, buildingVersions.version],
    }).onDelete('restrict'),
    index('runs_list_idx').on(t.createdAt, t.id),
    index('runs_status_idx').on(t.status, t.createdAt, t.id),
    index('runs_building_idx').on(t.buildingId),
    index('runs_evaluates_model_idx').on(t.evaluatesModelId, t.createdAt),
  ],
);

/**
 * One finished (dispatcher, seed) task of a run, stored as soon as it ends: a restart or a killed
 * worker loses only the tasks in flight, and the run's results are aggregated from these rows.
 */
export const runTasks = pgTable(
  'run_tasks',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    /** Position in the run's task list (dispatcher-major, then seed). */
    taskIndex: integer('task_index').notNull(),
    label: text('label').notNull(),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    results: jsonb('results').$type<unknown>().notNull(),
    /** Waiting times of the counted passengers, s (for the distributions across runs). */
    waits: jsonb('waits').$type<number[]>().notNull(),
    /** Which consumer ran it (host name and process id): shows that work spread across workers. */
    worker: text('worker').notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.taskIndex] })],
);

// ---------------------------------------------------------------------------------------------
// Training data (written by `hoistway-sim generate`)
// ---------------------------------------------------------------------------------------------

export const datasets = pgTable(
  'datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    building: jsonb('building').$type<Building>().notNull(),
    traffic: jsonb('traffic').$type<Traffic>().notNull(),
    /** Seed, episodes requested, duration, exploration settings. */
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    featureNames: text('feature_names').array().notNull(),
    episodesCompleted: integer('episodes_completed').notNull().default(0),
    rowCount: bigint('row_count', { mode: 'number' }).notNull().default(0),
    /** Null for datasets written by the CLI (only admins may delete those). */
    ownerId: ownerId(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).defaultNow(),
  },
  (t) => [index('datasets_list_idx').on(t.createdAt, t.id)],
);

/** One row per completed episode, written in the same transaction as its samples (exact --resume). */
export const datasetEpisodes = pgTable(
  'dataset_episodes',
  {
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    episode: integer('episode').notNull(),
    seed: bigint('seed', { mode: 'number' }),
    rows: integer('rows'),
    decisions: integer('decisions'),
    completedAt: timestamp('completed_at', { withTimezone: true }).defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.episode] })],
);

/** One row per assignment decision and candidate car. */
export const trainingSamples = pgTable(
  'training_samples',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    episode: integer('episode').notNull(),
    decision: integer('decision').notNull(),
    simTime: real('sim_time').notNull(),
    candidate: integer('candidate').notNull(),
    carId: text('car_id').notNull(),
    features: real('features').array().notNull(),
    chosen: boolean('chosen').notNull(),
    /** The dispatcher that made the choice, or 'random'. */
    policy: text('policy').notNull(),
    /** Realised mean waiting time of the passengers served by this decision; NULL if none. */
    waitTime: real('wait_time'),
    /** Same for riding (transit) time. */
    rideTime: real('ride_time'),
    passengers: integer('passengers').notNull().default(0),
    /**
     * Measured cost label of this candidate (learned dispatching): passenger-seconds of waiting plus
     * weighted riding on this car over the horizon after the decision; for the chosen car it includes
     * the decision's own passengers. NULL for a chosen car whose decision ended up serving nobody
     * (reallocated, or served by another car in front), and in datasets written before this label.
     */
    cost: real('cost'),
  },
  (t) => [index('training_samples_dataset_episode_idx').on(t.datasetId, t.episode)],
);

// ---------------------------------------------------------------------------------------------
// Model registry (learned dispatchers, written by `hoistway-sim train` and the backend)
// ---------------------------------------------------------------------------------------------

export const modelStatuses = ['training', 'ready', 'failed'] as const;

export const models = pgTable(
  'models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    /** 'training' while a backend job trains it (network still null), then 'ready' or 'failed'. */
    status: text('status', { enum: modelStatuses }).notNull().default('ready'),
    /** Training datasets: id and name at training time. */
    datasets: jsonb('datasets').$type<{ id: string; name: string }[]>().notNull(),
    featureNames: text('feature_names').array().notNull(),
    /** Training library and its version, e.g. `@tensorflow/tfjs-core 4.22.0`. */
    library: text('library').notNull(),
    /** Per-epoch loss and validation loss, rows, error figures (updated while training). */
    metrics: jsonb('metrics').$type<ModelMetrics>(),
    /** Layers, weights and feature normalisation (null while training). */
    network: jsonb('network').$type<LearnedNetwork>(),
    error: text('error'),
    /** Epochs asked for by a training job (progress while training); null for imported models. */
    epochsRequested: integer('epochs_requested'),
    /** The latest `hoistway-sim evaluate` result (against the heuristics on held-out seeds); null until evaluated. */
    evaluation: jsonb('evaluation').$type<ModelEvaluation>(),
    ownerId: ownerId(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('models_name_version_idx').on(t.name, t.version),
    index('models_list_idx').on(t.createdAt, t.id),
  ],
);

/** Column order for `COPY training_samples (...) FROM STDIN` (the identity id is generated). */
export const trainingSampleCopyColumns = [
  'dataset_id',
  'episode',
  'decision',
  'sim_time',
  'candidate',
  'car_id',
  'features',
  'chosen',
  'policy',
  'wait_time',
  'ride_time',
  'passengers',
  'cost',
] as const;

// ---------------------------------------------------------------------------------------------
// Dispatcher scripts (the playground's user dispatchers, stored as text; they only run in browsers)
// ---------------------------------------------------------------------------------------------

export const dispatcherScripts = pgTable(
  'dispatcher_scripts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    source: text('source').notNull(),
    /** The account that owns the script (null: saved before accounts, or in local single-user mode). */
    ownerId: ownerId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('dispatcher_scripts_list_idx').on(t.createdAt, t.id)],
);

// ---------------------------------------------------------------------------------------------
// Share links of live sessions: a token with a right, `watch` (frames only) or `control`
// ---------------------------------------------------------------------------------------------

export const shareRights = ['watch', 'control'] as const;
export const shareRight = pgEnum('share_right', shareRights);

export const shareLinks = pgTable(
  'share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    right: shareRight('right').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('share_links_session_idx').on(t.sessionId, t.createdAt)],
);

export type UserRow = typeof users.$inferSelect;
export type UserRole = (typeof userRoles)[number];
export type ApiTokenScope = (typeof apiTokenScopes)[number];
export type ShareRight = (typeof shareRights)[number];
export type BuildingRow = typeof buildings.$inferSelect;
export type BuildingVersionRow = typeof buildingVersions.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type SessionStatus = (typeof sessionStatuses)[number];
export type RunRow = typeof runs.$inferSelect;
export type RunStatus = (typeof runStatuses)[number];
export type DatasetRow = typeof datasets.$inferSelect;
export type DatasetEpisodeRow = typeof datasetEpisodes.$inferSelect;
export type DispatcherScriptRow = typeof dispatcherScripts.$inferSelect;
export type TrainingSampleRow = typeof trainingSamples.$inferSelect;
export type NewTrainingSample = typeof trainingSamples.$inferInsert;
export type ModelRow = typeof models.$inferSelect;
export type ModelStatus = (typeof modelStatuses)[number];
