import {
  apiErrorSchema,
  createRunBodySchema,
  idParamsSchema,
  runDetailSchema,
  runListQuerySchema,
  runPageSchema,
} from '@hoistway/shared-types';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { conflict, orNotFound } from '../http/errors.js';
import { sendJsonText } from '../db/json-page.js';
import { startComparisonRun, type ComparisonRunDeps } from '../services/comparison-runs.js';

const errors = { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const tags = ['runs'];

export const runRoutes: FastifyPluginAsyncZod<ComparisonRunDeps> = async (
  app,
  { runs, buildings, runManager, models, limits, maxQueuedTasks, guard },
) => {
  app.post(
    '/runs',
    {
      schema: {
        tags,
        summary: 'Start a dispatcher comparison (every dispatcher × every seed) on one building and traffic',
        body: createRunBodySchema,
        response: { 202: runDetailSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await startComparisonRun(
            { runs, buildings, runManager, models, limits, maxQueuedTasks, guard },
            request,
            request.body,
          ),
        ),
  );

  app.get(
    '/runs',
    {
      schema: {
        tags,
        summary: 'List comparison runs, newest first',
        querystring: runListQuerySchema,
        response: { 200: runPageSchema, 400: apiErrorSchema },
      },
    },
    async (request, reply) => sendJsonText(reply, await runs.listJson(request.query)),
  );

  app.get(
    '/runs/:id',
    {
      schema: {
        tags,
        summary: 'A run with its progress and (once finished) results',
        params: idParamsSchema,
        response: { 200: runDetailSchema, ...errors },
      },
    },
    async (request) => orNotFound(await runs.get(request.params.id), 'run'),
  );

  app.post(
    '/runs/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a queued or running run',
        params: idParamsSchema,
        response: { 200: runDetailSchema, ...errors },
      },
    },
    async (request) => {
      await guard.requireModify(request, 'runs', request.params.id, 'run');
      const run = orNotFound(await runs.get(request.params.id), 'run');
      if (!(await runManager.cancel(run.id))) throw conflict(`the run is already ${run.status}`);
      return orNotFound(await runs.get(run.id), 'run');
    },
  );
};
