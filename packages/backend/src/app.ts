/**
 * The application as a Fastify plugin (as fastify/demo structures it): database, repositories, the
 * run manager, live sessions and every route under /api, plus the web app. `server.ts` registers it on
 * a server built with `serverOptions`; tests do the same through `buildApp` and call `app.inject`.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { simulationBudgetIssues } from '@hoistway/shared-types';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import {
  createSerializerCompiler,
  jsonSchemaTransform,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { installErrorHandlers, zodValidatorCompiler } from './http/errors.js';
import { registerFrontend } from './http/frontend.js';
import { frameworkErrors, registerSecurityHeaders, requestIdOf, trustProxyOption } from './http/hardening.js';
import { BuildingRepository } from './repositories/buildings.js';
import { DatasetRepository } from './repositories/datasets.js';
import { ModelRepository } from './repositories/models.js';
import { modelRoutes } from './routes/models.js';
import { resolveDispatcher, UnknownModelIssue } from './services/learned-models.js';
import { ModelTrainer } from './services/model-training.js';
import { LiveError } from './live/live-error.js';
import { ScriptRepository } from './repositories/scripts.js';
import { RunRepository } from './repositories/runs.js';
import { SessionLeaseRepository } from './repositories/session-leases.js';
import { SessionRepository } from './repositories/sessions.js';
import { buildingRoutes } from './routes/buildings.js';
import { datasetRoutes } from './routes/datasets.js';
import { scriptRoutes } from './routes/scripts.js';
import { healthRoutes } from './routes/health.js';
import { runRoutes } from './routes/runs.js';
import { sessionRoutes } from './routes/sessions.js';
import { createPoolExecutor, defaultRunWorkers, type RunTaskExecutor } from './runs/executor.js';
import {
  createEpisodePoolExecutor,
  createThreadTrainingExecutor,
  type EpisodeExecutor,
  type QueueTimings,
  type TrainingExecutor,
} from '@hoistway/simulator/node';
import { DatasetGenerator } from './services/dataset-generation.js';
import { liveSettingsFrom, type LiveSettings } from './live/main/live-config.js';
import { registerLive } from './live/main/live-plugin.js';
import { sessionControlRoutes } from './routes/session-control.js';
import { RunManager } from './runs/run-manager.js';
import { LIMIT_VARIABLES, workLimitsFrom } from './services/work-budget.js';
import { installAuth } from './auth/auth-plugin.js';
import { Authenticator } from './auth/authenticator.js';
import { LiveAccess } from './auth/live-access.js';
import { OwnershipGuard } from './auth/ownership-guard.js';
import { SetupGate } from './auth/setup-gate.js';
import { AccessTokenRepository } from './repositories/access-tokens.js';
import { OwnershipRepository } from './repositories/ownership.js';
import { UserRepository } from './repositories/users.js';
import { authRoutes } from './routes/auth.js';
import { shareLinkRoutes } from './routes/share-links.js';
import { userRoutes } from './routes/users.js';

export interface AppOptions {
  config: Config;
  /** An open database to use (tests); otherwise one is opened from the config and closed with the app. */
  database?: Database;
  /** Where comparison tasks run; defaults to the worker-thread pool. */
  executor?: RunTaskExecutor;
  /** Where training jobs fit their network; defaults to a worker thread per job. */
  trainingExecutor?: TrainingExecutor;
  /** Where dataset episodes run; defaults to a one-thread pool. */
  episodeExecutor?: EpisodeExecutor;
  /** Job-queue overrides (tests): tasks held at once, heartbeat and polling times. */
  runs?: { concurrency?: number; timings?: Partial<QueueTimings>; execution?: 'auto' | 'workers' };
  /** Fastify logger: false in tests; JSON (pino) at LOG_LEVEL otherwise. */
  logger?: boolean;
  /** Live-session overrides (tests, benchmarks); the defaults come from the LIVE_* configuration. */
  live?: { settings?: Partial<LiveSettings>; resumeOnReady?: boolean };
}

export interface AppServices {
  database: Database;
  buildings: BuildingRepository;
  sessions: SessionRepository;
  runs: RunRepository;
  datasets: DatasetRepository;
  models: ModelRepository;
  trainer: ModelTrainer;
  generator: DatasetGenerator;
  scripts: ScriptRepository;
  runManager: RunManager;
  users: UserRepository;
  accessTokens: AccessTokenRepository;
  ownership: OwnershipRepository;
  /** The first admin's one-time setup token (while no account exists). */
  setup: SetupGate;
  liveAccess: LiveAccess;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

/** The server's own options: logging, body limit, request ids, proxies, timeouts, 503 while closing. */
export function serverOptions(config: Config, logger = true): FastifyServerOptions {
  return {
    logger: logger ? { level: config.LOG_LEVEL } : false,
    bodyLimit: config.BODY_LIMIT,
    // Requests carry their id in the JSON logs (echoed in `x-request-id`); a client's own id is kept
    // only when short and well-formed.
    requestIdHeader: false,
    genReqId: requestIdOf,
    frameworkErrors,
    // Behind nginx (TRUST_PROXY=1 in compose) the client's address comes from X-Forwarded-For, so
    // the rate limit and the logs see the real client.
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    // A client has this long to send the whole request, body included (slow senders hold sockets).
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    return503OnClosing: true,
    // The app plugin opens the database and applies migrations before it resolves: on a loaded
    // machine (or embedded PGlite's first start) that takes longer than avvio's 10 s default.
    pluginTimeout: 300_000,
  };
}

/**
 * Wrapped with fastify-plugin: not encapsulated, so the error handler, the zod compilers and the
 * `services` decorator apply to the server it is registered on.
 */
export const hoistwayApp = fp(
  async function hoistwayApp(app: FastifyInstance, options: AppOptions) {
    const { config } = options;
    app.setValidatorCompiler(zodValidatorCompiler);
    app.setSerializerCompiler(createSerializerCompiler({}));
    installErrorHandlers(app);
    await registerSecurityHeaders(app);

    const database =
      options.database ??
      (await openDatabase({
        databaseUrl: config.DATABASE_URL,
        dataDir: config.DATA_DIR,
        poolSize: config.DATABASE_POOL_SIZE,
      }));
    const runs = new RunRepository(database);
    const runThreads = config.RUN_WORKERS ?? defaultRunWorkers();
    // Opens the job queue and resumes the runs a previous process left active.
    const runManager = await RunManager.open({
      database,
      repository: runs,
      executor: options.executor ?? createPoolExecutor(runThreads),
      log: app.log,
      execution: options.runs?.execution ?? config.RUN_EXECUTION,
      concurrency: options.runs?.concurrency ?? runThreads,
      timings: options.runs?.timings,
    });
    const models = new ModelRepository(database);
    const users = new UserRepository(database);
    const accessTokens = new AccessTokenRepository(database);
    const ownership = new OwnershipRepository(database);
    const authenticator = new Authenticator(config.AUTH_MODE, users, accessTokens);
    const setup = new SetupGate(users, config.SETUP_TOKEN);
    if (config.AUTH_MODE === 'login') await setup.init();
    const services: AppServices = {
      users,
      accessTokens,
      ownership,
      setup,
      liveAccess: new LiveAccess({
        authenticator,
        ownership,
        allowedOrigins: config.ALLOWED_ORIGINS,
        maxSocketsPerUser: config.LIVE_MAX_SOCKETS_PER_USER,
        controlRate: config.LIVE_CONTROL_RATE,
      }),
      database,
      buildings: new BuildingRepository(database),
      sessions: new SessionRepository(database),
      runs,
      datasets: new DatasetRepository(database),
      scripts: new ScriptRepository(database),
      models,
      trainer: await ModelTrainer.open({
        database,
        models,
        boss: runManager.queue,
        log: app.log,
        maxRowEpochs: config.LIMIT_TRAINING_ROW_EPOCHS,
        execution: options.runs?.execution ?? config.RUN_EXECUTION,
        executor: options.trainingExecutor ?? createThreadTrainingExecutor(),
        timings: options.runs?.timings,
      }),
      generator: await DatasetGenerator.open({
        database,
        boss: runManager.queue,
        executor: options.episodeExecutor ?? createEpisodePoolExecutor(1),
        execution: options.runs?.execution ?? config.RUN_EXECUTION,
        log: app.log,
        timings: options.runs?.timings,
      }),
      runManager,
    };
    app.decorate('services', services);
    app.addHook('onClose', async () => {
      await services.trainer.close();
      await services.generator.close();
      await services.runManager.close();
      if (!options.database) await database.close();
    });

    await app.register(fastifyCookie);
    await app.register(fastifySwagger, {
      openapi: {
        info: {
          title: 'Hoistway API',
          description:
            'Buildings, sessions, dispatcher comparison runs, training datasets, learned-dispatcher models and playground scripts.',
          version: '0.1.0',
        },
      },
      transform: jsonSchemaTransform,
    });
    if (config.API_DOCS)
      await app.register(fastifySwaggerUi, {
        routePrefix: '/api/docs',
        // The API's documentation is for signed-in people and tokens (the web app's sign-in page
        // brings a browser back here).
        uiHooks: {
          onRequest: async (request, reply) => {
            const principal = await authenticator.authenticate({
              cookieHeader: request.headers.cookie,
              authorization: request.headers.authorization,
            });
            if (principal && principal.kind !== 'share') return;
            if ((request.headers.accept ?? '').includes('text/html'))
              return reply.redirect(`/login?redirect=${encodeURIComponent('/api/docs')}`);
            return reply.code(401).send({ error: 'Unauthorized', message: 'sign in to read the API docs' });
          },
        },
        // Swagger UI's own CSP (it needs https: styles and fonts), minus the https upgrade that would
        // break it on plain http, and never framed.
        staticCSP: true,
        transformStaticCSP: (header) =>
          header
            .replace(/\s*upgrade-insecure-requests;?/, '')
            .replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
      });

    const liveSessions = await registerLive(app, {
      sessions: services.sessions,
      runs: services.runs,
      settings: { ...liveSettingsFrom(config), ...options.live?.settings },
      resumeOnReady: options.live?.resumeOnReady,
      // Sessions are budget-checked when created; this refuses stored ones over today's limits.
      admit: (spec) =>
        simulationBudgetIssues(
          { building: spec.building, traffic: spec.traffic, duration: spec.config.duration },
          workLimitsFrom(config),
        ).map((issue) => `${issue.path}: ${issue.message} (${LIMIT_VARIABLES[issue.limit]})`)[0],
      access: services.liveAccess,
      // On a PostgreSQL server, replicas may run side by side (PGlite is one process).
      replicas:
        'connectionString' in database.jobConnection
          ? {
              connectionString: database.jobConnection.connectionString,
              leases: new SessionLeaseRepository(database),
            }
          : undefined,
      // A live `dispatcher` command naming a learned model gets the model's weights (or a 400).
      resolveControl: async (control) => {
        if (control.type !== 'dispatcher') return control;
        try {
          return {
            ...control,
            dispatcher: await resolveDispatcher(models, control.dispatcher, 'dispatcher'),
          };
        } catch (error) {
          if (error instanceof UnknownModelIssue)
            throw new LiveError(400, 'unknown_model', error.message, [
              { path: error.path, message: error.message },
            ]);
          throw error;
        }
      },
    });

    await app.register(
      async (api) => {
        if (config.RATE_LIMIT_MAX > 0)
          await api.register(fastifyRateLimit, { max: config.RATE_LIMIT_MAX, timeWindow: '1 minute' });
        installAuth(api, authenticator);
        const guard = new OwnershipGuard(ownership);
        const typed = api.withTypeProvider<ZodTypeProvider>();
        const limits = workLimitsFrom(config);
        await typed.register(healthRoutes, { database });
        await typed.register(authRoutes, {
          mode: config.AUTH_MODE,
          users,
          tokens: accessTokens,
          setup,
          sessionHours: config.SESSION_HOURS,
        });
        await typed.register(userRoutes, { users });
        await typed.register(shareLinkRoutes, {
          tokens: accessTokens,
          ownership,
          live: services.liveAccess,
        });
        await typed.register(buildingRoutes, { buildings: services.buildings, limits, guard });
        await typed.register(sessionRoutes, {
          sessions: services.sessions,
          buildings: services.buildings,
          models,
          limits,
          guard,
        });
        await typed.register(sessionControlRoutes, { manager: liveSessions, ownership });
        await typed.register(runRoutes, {
          runs,
          buildings: services.buildings,
          runManager: services.runManager,
          models,
          limits,
          maxQueuedTasks: config.LIMIT_QUEUED_RUN_TASKS,
          guard,
        });
        await typed.register(datasetRoutes, {
          datasets: services.datasets,
          buildings: services.buildings,
          generator: services.generator,
          limits,
          guard,
        });
        await typed.register(modelRoutes, {
          models,
          trainer: services.trainer,
          guard,
          database,
          comparisons: {
            runs,
            buildings: services.buildings,
            runManager: services.runManager,
            limits,
            maxQueuedTasks: config.LIMIT_QUEUED_RUN_TASKS,
          },
        });
        await typed.register(scriptRoutes, { scripts: services.scripts, guard });
      },
      { prefix: '/api' },
    );

    await registerFrontend(app, config.FRONTEND_DIST);
  },
  { name: 'hoistway', fastify: '5.x' },
);

/** A server with the app registered (tests, `server.ts`). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(options.config, options.logger !== false));
  await app.register(hoistwayApp, options);
  return app;
}
