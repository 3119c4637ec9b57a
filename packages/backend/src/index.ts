export { buildApp, type AppOptions, type AppServices } from './app.js';
export { loadConfig, configSchema, type Config } from './config.js';
export { openDatabase, type Database, type DatabaseOptions, type Db } from './db/database.js';
export { startServer } from './server.js';
export type { RunTaskExecutor } from './runs/executor.js';
