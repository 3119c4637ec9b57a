import type { FastifyInstance } from 'fastify';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `app.inject` with a JSON body (or none). */
export function injector(app: () => FastifyInstance) {
  return (method: Method, url: string, payload?: unknown) =>
    app().inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
}
