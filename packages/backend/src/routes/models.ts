/** The model registry over REST: list, detail (training curve), train from a dataset, export, import, delete. */
import {
  apiErrorSchema,
  evaluateModelBodySchema,
  idParamsSchema,
  runDetailSchema,
  modelFileSchema,
  modelListSchema,
  modelSummarySchema,
  trainModelBodySchema,
} from '@hoistway/shared-types';
import { checkNetworkFeatures } from '@hoistway/simulator';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, notFound, orNotFound } from '../http/errors.js';
import type { ModelRepository } from '../repositories/models.js';
import type { ModelTrainer } from '../services/model-training.js';
import type { OwnershipGuard } from '../auth/ownership-guard.js';
import type { ComparisonRunDeps } from '../services/comparison-runs.js';
import type { Database } from '../db/database.js';
import { startModelEvaluation } from '../services/model-evaluation.js';

const errors = { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const tags = ['models'];

export const modelRoutes: FastifyPluginAsyncZod<{
  models: ModelRepository;
  trainer: ModelTrainer;
  guard: OwnershipGuard;
  /** Evaluations are comparison runs. */
  comparisons: Omit<ComparisonRunDeps, 'models' | 'guard'>;
  database: Database;
}> = async (app, { models, trainer, guard, comparisons, database }) => {
  app.get(
    '/models',
    {
      schema: {
        tags,
        summary: 'Registered learned-dispatcher models (every version), newest first',
        response: { 200: modelListSchema },
      },
    },
    async () => ({ items: await models.list() }),
  );

  app.get(
    '/models/:id',
    {
      schema: {
        tags,
        summary: 'A model: status, datasets, objective, per-epoch loss and validation loss',
        params: idParamsSchema,
        response: { 200: modelSummarySchema, ...errors },
      },
    },
    async (request) => orNotFound(await models.get(request.params.id), 'model'),
  );

  app.post(
    '/models/train',
    {
      schema: {
        tags,
        summary: 'Train a model from a dataset in the background (poll the model for its training curve)',
        body: trainModelBodySchema,
        response: { 202: modelSummarySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await guard.claim(request, 'models', await trainer.start(request.body))),
  );

  app.post(
    '/models/:id/evaluate',
    {
      schema: {
        tags,
        summary:
          'Evaluate a ready model against the five heuristics on held-out seeds (a comparison run; the result is stored with the model)',
        params: idParamsSchema,
        body: evaluateModelBodySchema,
        response: { 202: runDetailSchema, ...errors, 429: apiErrorSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          await startModelEvaluation(
            { ...comparisons, models, guard, database },
            request,
            request.params.id,
            request.body,
          ),
        ),
  );

  app.post(
    '/models/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a training: the model becomes cancelled and whoever trains it stops',
        params: idParamsSchema,
        response: { 200: modelSummarySchema, ...errors },
      },
    },
    async (request) => {
      await guard.requireModify(request, 'models', request.params.id, 'model');
      return trainer.cancel(request.params.id);
    },
  );

  app.get(
    '/models/:id/export',
    {
      schema: {
        tags,
        summary: 'The model as a file (the format of `hoistway-sim model export|import`)',
        params: idParamsSchema,
        response: { 200: modelFileSchema, ...errors },
      },
    },
    async (request, reply) => {
      const file = orNotFound(await models.exportFile(request.params.id), 'model');
      return reply
        .header('content-disposition', `attachment; filename="${file.name}-v${file.version}.model.json"`)
        .send(file);
    },
  );

  app.post(
    '/models/import',
    {
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Register a model file as the next version of its name',
        body: modelFileSchema,
        response: { 201: modelSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const file = request.body;
      try {
        checkNetworkFeatures(file.network, `"${file.name}"`);
      } catch (error) {
        throw badRequest('model does not fit this engine', [
          { path: 'network.featureNames', message: (error as Error).message },
        ]);
      }
      const model = await models.insert({
        name: file.name,
        datasets: file.datasets,
        featureNames: file.network.featureNames,
        library: file.library,
        status: 'ready',
        metrics: file.metrics,
        network: file.network,
        createdAt: file.createdAt,
      });
      return reply.code(201).send(await guard.claim(request, 'models', model));
    },
  );

  app.delete(
    '/models/:id',
    {
      schema: {
        tags,
        summary: 'Delete a model version (sessions and runs keep the weights they ran with)',
        params: idParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await guard.requireModify(request, 'models', request.params.id, 'model');
      if (!(await models.delete(request.params.id))) throw notFound('model');
      return reply.code(204).send();
    },
  );
};
