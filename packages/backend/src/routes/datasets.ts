import {
  apiErrorSchema,
  datasetDetailSchema,
  datasetListQuerySchema,
  datasetPageSchema,
  generateDatasetBodySchema,
  datasetBudgetIssues,
  idParamsSchema,
  type WorkLimits,
} from '@hoistway/shared-types';
import type { BuildingRepository } from '../repositories/buildings.js';
import type { DatasetGenerator } from '../services/dataset-generation.js';
import { resolveSimulationInputs } from '../services/simulation-inputs.js';
import { assertWithinBudget } from '../services/work-budget.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, orNotFound } from '../http/errors.js';
import type { DatasetRepository } from '../repositories/datasets.js';
import { sendJsonText } from '../db/json-page.js';
import type { OwnershipGuard } from '../auth/ownership-guard.js';

const errors = { 400: apiErrorSchema, 404: apiErrorSchema };
const tags = ['datasets'];

export const datasetRoutes: FastifyPluginAsyncZod<{
  datasets: DatasetRepository;
  buildings: BuildingRepository;
  generator: DatasetGenerator;
  limits: WorkLimits;
  guard: OwnershipGuard;
}> = async (app, { datasets, buildings, generator, limits, guard }) => {
  app.post(
    '/datasets',
    {
      schema: {
        tags,
        summary:
          'Generate a small dataset on the server (exploration episodes with rollout labels): stored at once, one job per episode; episodesCompleted grows as they finish',
        body: generateDatasetBodySchema,
        response: { 201: datasetDetailSchema, ...errors, 409: apiErrorSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { definition, traffic } = await resolveSimulationInputs(buildings, body);
      assertWithinBudget(
        datasetBudgetIssues(
          { building: definition, traffic, duration: body.duration, episodes: body.episodes },
          limits,
          { building: 'buildingId', traffic: body.traffic ? 'traffic' : 'buildingId' },
        ),
      );
      const id = await generator.start({ ...body, building: definition, traffic });
      await guard.claim(request, 'datasets', { id });
      return reply.code(201).send(orNotFound(await datasets.get(id), 'dataset'));
    },
  );

  app.get(
    '/datasets',
    {
      schema: {
        tags,
        summary: 'Training datasets written by `hoistway-sim generate`, with their size',
        querystring: datasetListQuerySchema,
        response: { 200: datasetPageSchema, 400: apiErrorSchema },
      },
    },
    async (request, reply) => sendJsonText(reply, await datasets.listJson(request.query)),
  );

  app.get(
    '/datasets/:id',
    {
      schema: {
        tags,
        summary: 'A dataset with its feature summary, policies and decision count',
        params: idParamsSchema,
        response: { 200: datasetDetailSchema, ...errors },
      },
    },
    async (request) => orNotFound(await datasets.get(request.params.id), 'dataset'),
  );

  app.delete(
    '/datasets/:id',
    {
      schema: {
        tags,
        summary: 'Delete a dataset and its samples',
        params: idParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await guard.requireModify(request, 'datasets', request.params.id, 'dataset');
      const dataset = await datasets.get(request.params.id);
      if (!(await datasets.delete(request.params.id))) throw notFound('dataset');
      await generator.cancelEpisodes(request.params.id, dataset?.episodesRequested ?? 0);
      return reply.code(204).send();
    },
  );
};
