/**
 * Live-session control over REST — the same SessionManager the Socket.IO handlers use, so a control
 * given here reaches every viewer at once. Results so far, and a streamed per-passenger CSV export.
 */
import { Readable } from 'node:stream';
import {
  apiErrorSchema,
  idParamsSchema,
  liveSessionStateSchema,
  sessionControlSchema,
  waitDistributionSchema,
} from '@hoistway/shared-types';
import { measuredWait, poolWaits } from '@hoistway/simulator';
import { passengerCsvChunks } from '@hoistway/simulator/node';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../http/errors.js';
import { LiveError } from '../live/live-error.js';
import type { SessionManager } from '../live/main/session-manager.js';
import { forbidden } from '../auth/auth-plugin.js';
import { sessionRight } from '../auth/principal.js';
import type { OwnershipRepository } from '../repositories/ownership.js';

const errors = { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const tags = ['sessions'];

/** LiveError → the API's HttpError (same status, message and field details). */
async function viaHttp<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof LiveError) throw new HttpError(err.statusCode, err.message, err.details);
    throw err;
  }
}

export const sessionControlRoutes: FastifyPluginAsyncZod<{
  manager: SessionManager;
  ownership: OwnershipRepository;
}> = async (app, { manager, ownership }) => {
  app.post(
    '/sessions/:id/control',
    {
      config: { share: 'control' },
      schema: {
        tags,
        summary: 'Control a live session: start/resume, pause, step, speed, stop, or a simulation command',
        description:
          '`start` and `resume` set a created or paused session running; `step` advances a paused one by ' +
          '`seconds` of sim time; `speed` is 0.5–1000 or "max"; passenger, hallCall and dispatcher commands ' +
          'apply at the current sim time and are logged for replay.',
        params: idParamsSchema,
        body: sessionControlSchema,
        response: { 200: z.object({ state: liveSessionStateSchema }), ...errors },
      },
    },
    async (request) => {
      const owner = await ownership.ownerOf('sessions', request.params.id);
      if (owner === undefined) throw new HttpError(404, 'session not found');
      if (sessionRight(request.principal!, request.params.id, owner) !== 'control')
        throw forbidden('you may watch this session but not control it');
      return { state: await viaHttp(manager.control(request.params.id, request.body)) };
    },
  );

  app.get(
    '/sessions/:id/results',
    {
      config: { share: 'read' },
      schema: {
        tags,
        summary: 'Results of a session: KPIs so far, final once it has finished',
        params: idParamsSchema,
        response: {
          200: z.object({ state: liveSessionStateSchema.nullable(), results: z.unknown() }),
          ...errors,
        },
      },
    },
    async (request) => viaHttp(manager.results(request.params.id)),
  );

  app.get(
    '/sessions/:id/waits',
    {
      config: { share: 'read' },
      schema: {
        tags,
        summary:
          'Waiting times so far of the counted passengers (after warm-up; those still waiting at their elapsed wait): a fine histogram and quantiles',
        params: idParamsSchema,
        response: { 200: waitDistributionSchema, ...errors },
      },
    },
    async (request) => {
      const { results } = await viaHttp(manager.results(request.params.id));
      const records = await viaHttp(manager.passengers(request.params.id));
      const waits: number[] = [];
      for (const r of records) {
        const wait = measuredWait(r, results.endTime);
        if (wait !== null) waits.push(wait);
      }
      return poolWaits([waits]);
    },
  );

  app.get(
    '/sessions/:id/passengers.csv',
    {
      config: { share: 'read' },
      schema: {
        tags,
        summary: 'Per-passenger records so far as CSV (streamed); times in seconds',
        params: idParamsSchema,
        response: { 200: z.unknown().describe('text/csv: one row per passenger'), ...errors },
      },
    },
    async (request, reply) => {
      const records = await viaHttp(manager.passengers(request.params.id));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="session-${request.params.id}-passengers.csv"`)
        .send(Readable.from(passengerCsvChunks(records)));
    },
  );
};
