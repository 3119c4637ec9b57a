import { apiErrorSchema } from '@hoistway/shared-types';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { sendError } from '../http/errors.js';

export const healthRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/health',
    {
      // Probes (compose, orchestrators, the fuzz test) must never be rate-limited away.
      config: { rateLimit: false, access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { rateLimit: false, access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers and every migration is applied',
        response: {
          200: z.object({ status: z.literal('ready'), database: z.enum(['postgres', 'pglite']) }),
          503: apiErrorSchema,
        },
      },
    },
    async (_request, reply) => {
      if (!(await database.isReady()))
        return sendError(reply, 503, 'database unreachable or migrations not applied');
      return { status: 'ready' as const, database: database.kind };
    },
  );
};
