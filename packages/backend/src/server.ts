/** Starts the HTTP server and closes it gracefully on SIGTERM/SIGINT (in-flight requests finish, runs abort). */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';

export async function startServer(
  config: Config,
): Promise<{ app: FastifyInstance; url: string; setupUrl: string | null }> {
  const app = await buildApp({ config });
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;

  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // First start with no account: a one-time link to create the first admin (as Jupyter and Grafana do).
  const token = app.services.setup.pendingToken;
  const setupUrl = token
    ? `${(config.PUBLIC_URL ?? url).replace(/\/+$/, '')}/setup?token=${encodeURIComponent(token)}`
    : null;
  if (setupUrl) app.log.warn({ setupUrl }, 'no account yet: open the setup link to create the first admin');
  return { app, url, setupUrl };
}
