#!/usr/bin/env node
/** Entry point: `node packages/backend/dist/main.js` (or `npm start` at the repository root). */
import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

try {
  const config = loadConfig();
  const { url } = await startServer(config);
  const storage = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.DATA_DIR}`;
  const docs = config.API_DOCS ? `API docs: ${url}/api/docs; ` : '';
  console.log(`Hoistway is running at ${url}  (${docs}database: ${storage})`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
