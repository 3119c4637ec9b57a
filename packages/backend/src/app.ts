/**
 * The application: database, repositories, the run manager and every route under /api, plus the
 * web app. Built per test with `buildApp` and called with `app.inject`.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
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
import { ScriptRepository } from './repositories/scripts.js';
import { RunRepository } from './repositories/runs.js';
import { SessionRepository } from './repositories/sessions.js';
import { buildingRoutes } from './routes/buildings.js';
import { datasetRoutes } from './routes/datasets.js';
import { scriptRoutes } from './routes/scripts.js';
import { healthRoutes } from './routes/health.js';
import { runRoutes } from './routes/runs.js';
import { sessionRoutes } from './routes/sessions.js';
import { createPoolExecutor, type RunTaskExecutor } from './runs/executor.js';
import { registerLive, type LivePluginOptions } from './live/live-plugin.js';
import { sessionControlRoutes } from './routes/session-control.js';
import { RunManager } from './runs/run-manager.js';

export interface AppOptions {
  config: Config;
  /** An open database to use (tests); otherwise one is opened from the config and closed with the app. */
  database?: Database;
  /** Where comparison tasks run; defaults to the worker-thread pool. */
  executor?: RunTaskExecutor;
  /** Fastify logger: false in tests; JSON (pino) at LOG_LEVEL otherwise. */
  logger?: boolean;
  /** Live-session settings (tests, benchmarks); defaults come from the LIVE_* environment variables. */
  live?: Omit<LivePluginOptions, 'db'>;
}

export interface AppServices {
  database: Database;
  buildings: BuildingRepository;
  sessions: SessionRepository;
  runs: RunRepository;
  datasets: DatasetRepository;
  scripts: ScriptRepository;
  runManager: RunManager;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.LOG_LEVEL },
    bodyLimit: config.BODY_LIMIT,
    // Requests carry their id in the JSON logs; clients may pass one through.
    requestIdHeader: 'x-request-id',
    return503OnClosing: true,
  });
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
  const runs = new RunRepository(database.db);
  const interrupted = await runs.failInterrupted();
  if (interrupted > 0) app.log.warn({ runs: interrupted }, 'marked runs interrupted by a restart as failed');
  const services: AppServices = {
    database,
    buildings: new BuildingRepository(database.db),
    sessions: new SessionRepository(database),
    runs,
    datasets: new DatasetRepository(database),
    scripts: new ScriptRepository(database.db),
    runManager: new RunManager(runs, options.executor ?? createPoolExecutor(config.RUN_WORKERS), app.log),
  };
  app.decorate('services', services);
  app.addHook('onClose', async () => {
    await services.runManager.close();
    if (!options.database) await database.close();
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Hoistway API',
        description:
          'Buildings, sessions, dispatcher comparison runs, training datasets and playground scripts.',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const liveSessions = await registerLive(app, { db: database.db, ...options.live });

  await app.register(
    async (api) => {
      if (config.RATE_LIMIT_MAX > 0)
        await api.register(fastifyRateLimit, { max: config.RATE_LIMIT_MAX, timeWindow: '1 minute' });
      const typed = api.withTypeProvider<ZodTypeProvider>();
      await typed.register(healthRoutes, { database });
      await typed.register(buildingRoutes, { buildings: services.buildings });
      await typed.register(sessionRoutes, { sessions: services.sessions, buildings: services.buildings });
      await typed.register(sessionControlRoutes, { manager: liveSessions });
      await typed.register(runRoutes, {
        runs,
        buildings: services.buildings,
        runManager: services.runManager,
      });
      await typed.register(datasetRoutes, { datasets: services.datasets });
      await typed.register(scriptRoutes, { scripts: services.scripts });
    },
    { prefix: '/api' },
  );

  await registerFrontend(app, config.FRONTEND_DIST);
  return app;
}
