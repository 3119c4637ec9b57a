#!/usr/bin/env node
/** Entry point: `node packages/backend/dist/main.js` (or `npm start` at the repository root). */
import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

try {
  const config = loadConfig();
  const { url, setupUrl } = await startServer(config);
  const storage = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.DATA_DIR}`;
  const docs = config.API_DOCS ? `API docs: ${url}/api/docs; ` : '';
  console.log(`Hoistway is running at ${url}  (${docs}database: ${storage})`);
  if (config.AUTH_MODE === 'local-single-user')
    console.log('AUTH_MODE=local-single-user: no login, everyone on this machine acts as a local admin');
  if (setupUrl)
    console.log(`\nNo account exists yet. Create the first admin here (one-time link):\n  ${setupUrl}\n`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
