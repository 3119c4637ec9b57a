/**
 * Serves the built web app with a single-page-app fallback (any non-/api GET gets index.html), or a
 * placeholder page when the web app has not been built yet. Like the nginx image: Vite's
 * content-hashed /assets/* are cached for a year (immutable), everything else (index.html above
 * all) is revalidated on every load; text responses are compressed (brotli or gzip).
 */
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zlib } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.js';

/** packages/frontend/dist, from both src/http/ and dist/http/. */
export const defaultFrontendDist = fileURLToPath(new URL('../../../frontend/dist', import.meta.url));

export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hoistway</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Hoistway</h1>
<p>The backend is running, but the web app is not built yet
(<code>npx nx run frontend:build</code>).</p>
<p>The REST API and its documentation: <a href="/api/docs">/api/docs</a>.</p>
</body></html>
`;

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';

export async function registerFrontend(app: FastifyInstance, distDir: string | undefined): Promise<void> {
  const root = resolve(distDir ?? defaultFrontendDist);
  const built = existsSync(join(root, 'index.html'));
  const assets = join(root, 'assets') + sep;
  // Level 5 brotli: about gzip's speed at a smaller size (11, the default, is meant for build time).
  await app.register(fastifyCompress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
  });
  if (built)
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      cacheControl: false,
      setHeaders: (res, path) =>
        res.setHeader('cache-control', path.startsWith(assets) ? IMMUTABLE_CACHE : REVALIDATE_CACHE),
    });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (
      path === '/api' ||
      path.startsWith('/api/') ||
      (request.method !== 'GET' && request.method !== 'HEAD')
    )
      return sendError(reply, 404, `Route ${request.method} ${path} not found`);
    // A missing hashed file is a 404 (as nginx answers), never index.html served as a script.
    if (path.startsWith('/assets/')) return sendError(reply, 404, `${path} not found`);
    if (built) return reply.sendFile('index.html');
    return reply.type('text/html; charset=utf-8').send(PLACEHOLDER_HTML);
  });
}
