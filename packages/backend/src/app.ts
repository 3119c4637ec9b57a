/**
 * The application as a Fastify plugin (as fastify/demo structures it): database, repositories, the
 * run manager, live sessions and every route under /api, plus the web app. `server.ts` registers it on
 * a server built with `serverOptions`; tests do the same through `buildApp` and call `app.inject`.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
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
import { BuildingRepository } from './repositories/buildings.js';
import { DatasetRepository } from './repositories/datasets.js';
import { ModelRepository } from './repositories/models.js';
import { modelRoutes } from './routes/models.js';
import { resolveDispatcher, UnknownModelIssue } from './services/learned-models.js';
import { ModelTrainer } from './services/model-training.js';
import { LiveError } from './live/live-error.js';
import { ScriptRepository } from './repositories/scripts.js';
import { RunRepository } from './repositories/runs.js';
import { SessionRepository } from './repositories/sessions.js';
import { buildingRoutes } from './routes/buildings.js';
import { datasetRoutes } from './routes/datasets.js';
import { scriptRoutes } from './routes/scripts.js';
import { healthRoutes } from './routes/health.js';
import { runRoutes } from './routes/runs.js';
import { sessionRoutes } from './routes/sessions.js';
import { createPoolExecutor, defaultRunWorkers, type RunTaskExecutor } from './runs/executor.js';
import type { QueueTimings } from '@hoistway/simulator/node';
import { liveSettingsFrom, type LiveSettings } from './live/live-config.js';
import { registerLive } from './live/live-plugin.js';
import { sessionControlRoutes } from './routes/session-control.js';
import { RunManager } from './runs/run-manager.js';

export interface AppOptions {
  config: Config;
  /** An open database to use (tests); otherwise one is opened from the config and closed with the app. */
  database?: Database;
  /** Where comparison tasks run; defaults to the worker-thread pool. */
  executor?: RunTaskExecutor;
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
  scripts: ScriptRepository;
  runManager: RunManager;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

/** The server's own options: logging, body limit, request ids, 503 while closing. */
export function serverOptions(config: Config, logger = true): FastifyServerOptions {
  return {
    logger: logger ? { level: config.LOG_LEVEL } : false,
    bodyLimit: config.BODY_LIMIT,
    // Requests carry their id in the JSON logs; clients may pass one through.
    requestIdHeader: 'x-request-id',
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
    const services: AppServices = {
      database,
      buildings: new BuildingRepository(database),
      sessions: new SessionRepository(database),
      runs,
      datasets: new DatasetRepository(database),
      scripts: new ScriptRepository(database),
      models,
      trainer: new ModelTrainer(database, models, app.log),
      runManager,
    };
    await services.trainer.markInterrupted();
    app.decorate('services', services);
    app.addHook('onClose', async () => {
      await services.trainer.close();
      await services.runManager.close();
      if (!options.database) await database.close();
    });

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
    await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

    const liveSessions = await registerLive(app, {
      sessions: services.sessions,
      runs: services.runs,
      settings: { ...liveSettingsFrom(config), ...options.live?.settings },
      resumeOnReady: options.live?.resumeOnReady,
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
        const typed = api.withTypeProvider<ZodTypeProvider>();
        await typed.register(healthRoutes, { database });
        await typed.register(buildingRoutes, { buildings: services.buildings });
        await typed.register(sessionRoutes, {
          sessions: services.sessions,
          buildings: services.buildings,
          models,
        });
        await typed.register(sessionControlRoutes, { manager: liveSessions });
        await typed.register(runRoutes, {
          runs,
          buildings: services.buildings,
          runManager: services.runManager,
          models,
        });
        await typed.register(datasetRoutes, {
          datasets: services.datasets,
          buildings: services.buildings,
          database,
        });
        await typed.register(modelRoutes, { models, trainer: services.trainer });
        await typed.register(scriptRoutes, { scripts: services.scripts });
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
