import {
  apiErrorSchema,
  createRunBodySchema,
  idParamsSchema,
  runDetailSchema,
  runListQuerySchema,
  runPageSchema,
  runBudgetIssues,
  type WorkLimits,
} from '@hoistway/shared-types';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { badRequest, conflict, HttpError, orNotFound } from '../http/errors.js';
import type { ModelRepository } from '../repositories/models.js';
import { ownerFor } from '../auth/auth-plugin.js';
import type { OwnershipGuard } from '../auth/ownership-guard.js';
import { resolveDispatcher, UnknownModelIssue } from '../services/learned-models.js';
import type { BuildingRepository } from '../repositories/buildings.js';
import type { RunRepository } from '../repositories/runs.js';
import type { RunManager } from '../runs/run-manager.js';
import { resolveSimulationInputs } from '../services/simulation-inputs.js';
import { sendJsonText } from '../db/json-page.js';
import { assertWithinBudget } from '../services/work-budget.js';

const errors = { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const tags = ['runs'];

export const runRoutes: FastifyPluginAsyncZod<{
  runs: RunRepository;
  buildings: BuildingRepository;
  runManager: RunManager;
  models: ModelRepository;
  limits: WorkLimits;
  /** (dispatcher, seed) tasks that may wait or run at once, over every run. */
  maxQueuedTasks: number;
  guard: OwnershipGuard;
}> = async (app, { runs, buildings, runManager, models, limits, maxQueuedTasks, guard }) => {
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
    async (request, reply) => {
      const { building, definition, traffic } = await resolveSimulationInputs(buildings, request.body);
      const tasks = request.body.dispatchers.length * request.body.seeds.length;
      assertWithinBudget(
        runBudgetIssues(
          {
            building: definition,
            traffic,
            duration: request.body.duration,
            drainTime: request.body.drainTime,
            tasks,
          },
          limits,
          { building: 'buildingId', traffic: request.body.traffic ? 'traffic' : 'buildingId' },
        ),
      );
      // The cap is per account, so one person's queue never stops everyone else's work.
      const pending = await runs.pendingTasks(ownerFor(request));
      if (pending + tasks > maxQueuedTasks)
        throw new HttpError(
          429,
          `${pending} of your comparison tasks are queued or running; ${tasks} more would pass the limit of ${maxQueuedTasks} per account (LIMIT_QUEUED_RUN_TASKS): wait for runs to finish or cancel some`,
        );
      let dispatchers;
      try {
        dispatchers = await Promise.all(
          request.body.dispatchers.map((d, k) => resolveDispatcher(models, d, `dispatchers[${k}]`)),
        );
      } catch (error) {
        if (error instanceof UnknownModelIssue)
          throw badRequest(`Invalid request body: ${error.message}`, [
            { path: error.path, message: error.message },
          ]);
        throw error;
      }
      const runRequest = { ...request.body, dispatchers, buildingVersion: building.version, traffic };
      const run = await runs.create({
        buildingId: building.id,
        buildingVersion: building.version,
        request: runRequest,
        total: runRequest.dispatchers.length * runRequest.seeds.length,
      });
      await guard.claim(request, 'runs', run);
      await runManager.start({ id: run.id, building: definition, traffic, request: runRequest });
      return reply.code(202).send(run);
    },
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
