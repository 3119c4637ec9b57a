/**
 * What the backend does for every response it serves itself, with or without nginx in front:
 * security headers (helmet, with the CSP of the nginx image), a request id that is echoed back, and
 * the request id a client may pass only when it is short and well-formed.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { sendError } from './errors.js';

/**
 * The web app's CSP, as infra/nginx/snippets/security-headers.conf sets it: everything from this
 * origin; Vue and Chart.js set inline styles; sockets go to the same origin; the playground's worker
 * may be a blob.
 */
export const APP_CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The playground worker's own CSP (infra/nginx/snippets/playground-worker-headers.conf): it evaluates
 * the user's dispatcher code, inside the worker only; the page's CSP stays strict.
 */
export const PLAYGROUND_WORKER_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'self'";
const PLAYGROUND_WORKER_PATH = /^\/assets\/playground\.worker-[A-Za-z0-9_-]+\.js$/;

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=()';

/** A client's `x-request-id` is kept only when it looks like an id (it goes into every log line). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
}

/**
 * TRUST_PROXY as Fastify takes it: a hop count becomes "trust the nearest `hops` proxies" (Fastify's
 * types take no number).
 */
export function trustProxyOption(value: boolean | number | string[]): FastifyServerOptions['trustProxy'] {
  if (typeof value !== 'number') return value;
  return (_address: string, hop: number) => hop < value;
}

/** Registers the headers on the root instance (so 404s, errors and the web app get them too). */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP_DIRECTIVES },
    // TLS is terminated in front of the backend (if at all): HSTS on plain http would be wrong.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('permissions-policy', PERMISSIONS_POLICY);
  });
  app.addHook('onSend', async (request, reply) => {
    if (PLAYGROUND_WORKER_PATH.test(request.url.split('?')[0] ?? ''))
      reply.header('content-security-policy', PLAYGROUND_WORKER_CSP);
  });
}

/**
 * Errors Fastify meets before routing (a URL that is not valid percent-encoded UTF-8, e.g. `%ED%A0%80`,
 * a lone surrogate): the one error shape, with the request id; route hooks have not run, so the
 * headers that matter are set here.
 */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (
  error,
  request,
  reply,
) => {
  reply.header('x-request-id', request.id);
  reply.header('x-content-type-options', 'nosniff');
  const status = typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 400;
  return sendError(
    reply,
    status,
    error.code === 'FST_ERR_BAD_URL' ? 'Malformed URL: not valid percent-encoded UTF-8' : 'Bad request',
  );
};
