/** Sign-in, sign-out, the first admin's setup, the caller's status, and the caller's API tokens. */
import {
  apiErrorSchema,
  apiTokenCreatedSchema,
  apiTokenCreateSchema,
  apiTokenListSchema,
  authStatusSchema,
  idParamsSchema,
  acceptInviteBodySchema,
  loginBodySchema,
  setupBodySchema,
  type AuthMode,
  type AuthStatus,
} from '@hoistway/shared-types';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, notFound } from '../http/errors.js';
import { forbidden, userOf } from '../auth/auth-plugin.js';
import { API_TOKEN_PREFIX, Authenticator, SESSION_COOKIE } from '../auth/authenticator.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { SetupGate } from '../auth/setup-gate.js';
import { newSecret, secretHash } from '../auth/secrets.js';
import type { AccessTokenRepository } from '../repositories/access-tokens.js';
import type { UserRepository } from '../repositories/users.js';

const tags = ['auth'];
/** Password guessing: sign-in and setup attempts per client and minute (on top of RATE_LIMIT_MAX). */
const attempts = { max: 20, timeWindow: '1 minute' };
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema };

export interface AuthRouteOptions {
  mode: AuthMode;
  users: UserRepository;
  tokens: AccessTokenRepository;
  setup: SetupGate;
  /** Lifetime of a login session, hours. */
  sessionHours: number;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, options) => {
  const { users, tokens, setup, mode } = options;

  /** A new login session: HTTP-only, SameSite=Lax cookie (Secure over HTTPS); returns the CSRF token. */
  async function signIn(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<string> {
    const secret = newSecret();
    const csrfToken = newSecret();
    const maxAge = options.sessionHours * 3600;
    await users.createSession({
      tokenHash: secretHash(secret),
      userId,
      csrfToken,
      expiresAt: new Date(Date.now() + maxAge * 1000),
    });
    reply.setCookie(SESSION_COOKIE, secret, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge,
    });
    return csrfToken;
  }

  app.get(
    '/auth/status',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The mode, whether the first admin must still be set up, and who is signed in',
        response: { 200: authStatusSchema },
      },
    },
    async (request): Promise<AuthStatus> => {
      const p = request.principal;
      return {
        mode,
        setupRequired: mode === 'login' && (await setup.setupRequired()),
        user: p?.kind === 'user' ? p.user : null,
        csrfToken: p?.kind === 'user' ? (p.csrfToken ?? null) : null,
      };
    },
  );

  app.post(
    '/auth/setup',
    {
      config: { access: 'public', rateLimit: attempts },
      schema: {
        tags,
        summary: 'Create the first admin with the one-time setup token (from the log or SETUP_TOKEN)',
        body: setupBodySchema,
        response: { 201: authStatusSchema, ...errors, 409: apiErrorSchema },
      },
    },
    async (request, reply) => {
      if (mode !== 'login') throw new HttpError(409, 'no setup in local single-user mode');
      if (!(await setup.setupRequired())) throw new HttpError(409, 'setup is done: sign in instead');
      if (!setup.matches(request.body.token))
        throw new HttpError(403, 'invalid setup token', [
          { path: 'token', message: 'is not the setup token' },
        ]);
      const user = await users.createFirstAdmin({
        username: request.body.username,
        passwordHash: await hashPassword(request.body.password),
      });
      if (!user) throw new HttpError(409, 'setup is done: sign in instead');
      setup.close();
      request.log.info({ user: user.username }, 'first admin created');
      const csrfToken = await signIn(request, reply, user.id);
      return reply.code(201).send({ mode, setupRequired: false, user, csrfToken });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: attempts },
      schema: {
        tags,
        summary: 'Sign in with a username and password (sets the session cookie)',
        body: loginBodySchema,
        response: { 200: authStatusSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (mode !== 'login') throw new HttpError(409, 'no sign-in in local single-user mode');
      const found = await users.byName(request.body.username);
      const ok = await verifyPassword(found?.passwordHash ?? null, request.body.password);
      if (!found || !ok || found.disabled) throw new HttpError(401, 'wrong username or password');
      const { passwordHash: _omit, ...user } = found;
      const csrfToken = await signIn(request, reply, user.id);
      return { mode, setupRequired: false, user, csrfToken };
    },
  );

  app.post(
    '/auth/accept-invite',
    {
      config: { access: 'public', rateLimit: attempts },
      schema: {
        tags,
        summary: 'Accept an invitation: choose a password with the one-time invite token (signs you in)',
        body: acceptInviteBodySchema,
        response: { 200: authStatusSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (mode !== 'login') throw new HttpError(409, 'no accounts in local single-user mode');
      const user = await users.acceptInvite(
        secretHash(request.body.token),
        await hashPassword(request.body.password),
      );
      if (!user)
        throw new HttpError(403, 'this invitation is not valid (used, expired or withdrawn)', [
          { path: 'token', message: 'is not a valid invitation' },
        ]);
      const csrfToken = await signIn(request, reply, user.id);
      return { mode, setupRequired: false, user, csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'account' },
      schema: {
        tags,
        summary: 'Sign out (ends this login session)',
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      const secret = Authenticator.sessionSecret(request.headers.cookie);
      if (secret) await users.deleteSession(secretHash(secret));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  // API tokens of the signed-in user ---------------------------------------------------------

  app.get(
    '/auth/tokens',
    {
      config: { access: 'account' },
      schema: {
        tags,
        summary: 'Your API tokens (secrets are never shown again)',
        response: { 200: apiTokenListSchema, ...errors },
      },
    },
    async (request) => ({ items: await tokens.tokensOf(requireAccount(request)) }),
  );

  app.post(
    '/auth/tokens',
    {
      config: { access: 'account' },
      schema: {
        tags,
        summary: 'Create an API token (`read` or `write`); the response is the only time the token is shown',
        body: apiTokenCreateSchema,
        response: { 201: apiTokenCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const userId = requireAccount(request);
      const token = newSecret(API_TOKEN_PREFIX);
      const created = await tokens.createToken({
        userId,
        name: request.body.name,
        scope: request.body.scope,
        tokenHash: secretHash(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      });
      return reply.code(201).send({ ...created, token });
    },
  );

  app.delete(
    '/auth/tokens/:id',
    {
      config: { access: 'account' },
      schema: {
        tags,
        summary: 'Revoke one of your API tokens',
        params: idParamsSchema,
        response: { 204: z.undefined(), ...errors, 404: apiErrorSchema },
      },
    },
    async (request, reply) => {
      if (!(await tokens.revokeToken(requireAccount(request), request.params.id))) throw notFound('token');
      return reply.code(204).send();
    },
  );
};

/** The signed-in account's id (the local user of single-user mode has no tokens). */
function requireAccount(request: FastifyRequest): string {
  const id = userOf(request).user.id;
  if (id === null) throw forbidden('API tokens need AUTH_MODE=login');
  return id;
}
