import {
  buildingDetailSchema,
  apiErrorSchema,
  createSessionBodySchema,
  idParamsSchema,
  runConfigSchema,
  sessionDetailSchema,
  sessionListQuerySchema,
  sessionPageSchema,
  simulationBudgetIssues,
  type WorkLimits,
} from '@hoistway/shared-types';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendJsonText } from '../db/json-page.js';
import { badRequest, conflict, notFound, orNotFound } from '../http/errors.js';
import type { BuildingRepository } from '../repositories/buildings.js';
import type { ModelRepository } from '../repositories/models.js';
import type { OwnershipGuard } from '../auth/ownership-guard.js';
import type { SessionRepository } from '../repositories/sessions.js';
import { resolveDispatcher, UnknownModelIssue } from '../services/learned-models.js';
import { resolveSimulationInputs } from '../services/simulation-inputs.js';
import { assertWithinBudget } from '../services/work-budget.js';

const errors = { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const tags = ['sessions'];

export const sessionRoutes: FastifyPluginAsyncZod<{
  sessions: SessionRepository;
  buildings: BuildingRepository;
  models: ModelRepository;
  limits: WorkLimits;
  guard: OwnershipGuard;
}> = async (app, { sessions, buildings, models, limits, guard }) => {
  app.post(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'Create a session on a building version with a traffic, dispatcher, seed and speed',
        body: createSessionBodySchema,
        response: { 201: sessionDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { building, definition, traffic } = await resolveSimulationInputs(buildings, body);
      const config = body.config ?? runConfigSchema.parse({});
      assertWithinBudget(
        simulationBudgetIssues({ building: definition, traffic, duration: config.duration }, limits, {
          building: 'buildingId',
          traffic: body.traffic ? 'traffic' : 'buildingId',
        }),
      );
      try {
        config.dispatcher = await resolveDispatcher(models, config.dispatcher, 'config.dispatcher');
      } catch (error) {
        if (error instanceof UnknownModelIssue)
          throw badRequest(`Invalid request body: ${error.message}`, [
            { path: error.path, message: error.message },
          ]);
        throw error;
      }
      const session = await sessions.create({
        buildingId: building.id,
        buildingVersion: building.version,
        traffic,
        config,
        speed: body.speed,
      });
      return reply.code(201).send(await guard.claim(request, 'sessions', session));
    },
  );

  app.get(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'List sessions, newest first (filters: status, buildingId; cursor pagination)',
        querystring: sessionListQuerySchema,
        response: { 200: sessionPageSchema, 400: apiErrorSchema },
      },
    },
    async (request, reply) => sendJsonText(reply, await sessions.listJson(request.query)),
  );

  app.get(
    '/sessions/:id',
    {
      config: { share: 'read' },
      schema: {
        tags,
        summary: 'A session',
        params: idParamsSchema,
        response: { 200: sessionDetailSchema, ...errors },
      },
    },
    async (request) => orNotFound(await sessions.get(request.params.id), 'session'),
  );

  app.get(
    '/sessions/:id/building',
    {
      config: { share: 'read' },
      schema: {
        tags,
        summary: 'The building version the session runs (what the live view draws; share links may read it)',
        params: idParamsSchema,
        response: { 200: buildingDetailSchema, ...errors },
      },
    },
    async (request) => {
      const session = orNotFound(await sessions.get(request.params.id), 'session');
      return orNotFound(await buildings.get(session.buildingId, session.buildingVersion), 'building version');
    },
  );

  app.delete(
    '/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Delete a session (409 while it is running)',
        params: idParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await guard.requireModify(request, 'sessions', request.params.id, 'session');
      const session = orNotFound(await sessions.get(request.params.id), 'session');
      if (session.status === 'running') throw conflict('the session is running; stop it first');
      if (!(await sessions.delete(session.id))) throw notFound('session');
      return reply.code(204).send();
    },
  );
};
