/**
 * Authentication and authorisation of every /api route. Each route declares `config.access`
 * (default: `read` for GET/HEAD, `write` otherwise) and optionally `config.share` (a share link of
 * the session named by `:id` may use it). Cookie-authenticated state-changing requests must echo the
 * session's CSRF token in `x-csrf-token` (synchronizer token; the cookie is also SameSite=Lax).
 */
import { CSRF_HEADER, SHARE_TOKEN_HEADER } from '@hoistway/shared-types';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.js';
import type { Authenticator } from './authenticator.js';
import { canModify, canWrite, isAdmin, type Principal, type UserPrincipal } from './principal.js';
import { sameSecret } from './secrets.js';

/** `public`: no credentials; `account`: any signed-in user (own tokens, log out); `admin`: users. */
export type RouteAccess = 'public' | 'read' | 'write' | 'account' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** A share link of the session `:id` may call this route: `read` (watch or control) or `control`. */
    share?: 'read' | 'control';
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const unauthorized = () =>
  new HttpError(401, 'Sign in or give an API token (Authorization: Bearer …)');
export const forbidden = (message: string) => new HttpError(403, message);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Adds the onRequest check to an encapsulated scope (the /api prefix). */
export function installAuth(api: FastifyInstance, authenticator: Authenticator): void {
  api.decorateRequest('principal', undefined);
  api.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const safe = SAFE_METHODS.has(request.method);
    const access: RouteAccess = config.access ?? (safe ? 'read' : 'write');
    const principal = await authenticator.authenticate({
      cookieHeader: request.headers.cookie,
      authorization: header(request, 'authorization'),
      shareToken: header(request, SHARE_TOKEN_HEADER),
    });
    request.principal = principal;
    if (access === 'public') return;
    if (!principal) throw unauthorized();

    if (principal.kind === 'share') {
      const params = request.params as { id?: string } | undefined;
      const allowed =
        config.share !== undefined &&
        params?.id === principal.sessionId &&
        (config.share === 'read' || principal.right === 'control');
      if (!allowed) throw forbidden('a share link gives access to its own session only');
      return;
    }

    if (principal.via === 'cookie' && !safe) {
      const given = header(request, CSRF_HEADER);
      if (!given || !principal.csrfToken || !sameSecret(given, principal.csrfToken))
        throw forbidden(`missing or invalid CSRF token (send the ${CSRF_HEADER} header)`);
    }
    if (safe) {
      if (access === 'admin' && !isAdmin(principal)) throw forbidden('only admins may do this');
      return;
    }
    if (access === 'account') {
      if (principal.via === 'token') throw forbidden('API tokens cannot manage the account');
      return;
    }
    if (principal.scope !== 'write') throw forbidden('this API token is read-only');
    if (access === 'admin' && !isAdmin(principal)) throw forbidden('only admins may do this');
    const { role } = principal.user;
    if (!canWrite(principal)) throw forbidden(`a ${role} cannot change anything`);
  });
}

/** The signed-in user of a route that requires one (access read/write/account/admin). */
export function userOf(request: FastifyRequest): UserPrincipal {
  const p = request.principal;
  if (p?.kind !== 'user') throw forbidden('sign in to do this');
  return p;
}

/** Owner of what a request creates: the user (null for the local user of single-user mode). */
export function ownerFor(request: FastifyRequest): string | null {
  const p = request.principal;
  return p?.kind === 'user' ? p.user.id : null;
}

/** Throws 403 unless the principal may change or delete a row owned by `ownerId`. */
export function requireModify(request: FastifyRequest, ownerId: string | null, what: string): void {
  if (!canModify(request.principal, ownerId))
    throw forbidden(`only its owner or an admin may change this ${what}`);
}
