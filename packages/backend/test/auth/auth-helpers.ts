/** Accounts for the access tests: the first admin through setup, more users, signed-in agents. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Method } from '../helpers/inject.js';

export const SETUP_TOKEN = 'test-setup-token-0123456789';
export const loginEnv = { AUTH_MODE: 'login', SETUP_TOKEN, HOST: '0.0.0.0' };
export const PASSWORD = 'correct horse battery';

/** A signed-in client: its cookie, CSRF token, and an inject that sends both. */
export interface Agent {
  username: string;
  id: string;
  cookie: string;
  csrf: string;
  request(
    method: Method,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

function cookieOf(res: LightMyRequestResponse): string {
  const set = res.cookies.find((c) => c.name === 'hoistway_session');
  if (!set) throw new Error(`no session cookie: ${res.statusCode} ${res.body}`);
  return `hoistway_session=${set.value}`;
}

function agent(app: FastifyInstance, res: LightMyRequestResponse): Agent {
  const body = res.json();
  const cookie = cookieOf(res);
  return {
    username: body.user.username,
    id: body.user.id,
    cookie,
    csrf: body.csrfToken,
    request: (method, url, payload, headers = {}) =>
      app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': body.csrfToken, ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
  };
}

export async function setupAdmin(app: FastifyInstance, username = 'admin'): Promise<Agent> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/setup',
    payload: { token: SETUP_TOKEN, username, password: PASSWORD },
  });
  if (res.statusCode !== 201) throw new Error(`setup: ${res.statusCode} ${res.body}`);
  return agent(app, res);
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return agent(app, res);
}

/** An admin creates the user, who then signs in. */
export async function createUser(
  app: FastifyInstance,
  admin: Agent,
  username: string,
  role: 'admin' | 'editor' | 'viewer',
): Promise<Agent> {
  const res = await admin.request('POST', '/api/users', { username, password: PASSWORD, role });
  if (res.statusCode !== 201) throw new Error(`create user: ${res.statusCode} ${res.body}`);
  return login(app, username);
}
