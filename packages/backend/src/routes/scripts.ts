import {
  apiErrorSchema,
  idParamsSchema,
  scriptDetailSchema,
  scriptInputSchema,
  scriptListQuerySchema,
  scriptPageSchema,
} from '@hoistway/shared-types';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, orNotFound } from '../http/errors.js';
import type { ScriptRepository } from '../repositories/scripts.js';
import { sendJsonText } from '../db/json-page.js';
import type { OwnershipGuard } from '../auth/ownership-guard.js';
import { ownerFor } from '../auth/auth-plugin.js';

const errors = { 400: apiErrorSchema, 404: apiErrorSchema };
const tags = ['scripts'];

/** Playground dispatcher scripts: stored and shared as text; they run only in the browser. */
export const scriptRoutes: FastifyPluginAsyncZod<{
  scripts: ScriptRepository;
  guard: OwnershipGuard;
}> = async (app, { scripts, guard }) => {
  app.post(
    '/scripts',
    {
      schema: {
        tags,
        summary: 'Save a playground dispatcher script (text; never run on the server)',
        body: scriptInputSchema,
        response: { 201: scriptDetailSchema, 400: apiErrorSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await scripts.create({ ...request.body, ownerId: ownerFor(request) })),
  );

  app.get(
    '/scripts',
    {
      schema: {
        tags,
        summary: 'Saved dispatcher scripts, newest first',
        querystring: scriptListQuerySchema,
        response: { 200: scriptPageSchema, 400: apiErrorSchema },
      },
    },
    async (request, reply) => sendJsonText(reply, await scripts.listJson(request.query)),
  );

  app.get(
    '/scripts/:id',
    {
      schema: {
        tags,
        summary: 'A dispatcher script with its source (the share link opens it)',
        params: idParamsSchema,
        response: { 200: scriptDetailSchema, ...errors },
      },
    },
    async (request) => orNotFound(await scripts.get(request.params.id), 'script'),
  );

  app.put(
    '/scripts/:id',
    {
      schema: {
        tags,
        summary: 'Replace a script’s name and source',
        params: idParamsSchema,
        body: scriptInputSchema,
        response: { 200: scriptDetailSchema, ...errors },
      },
    },
    async (request) => {
      await guard.requireModify(request, 'scripts', request.params.id, 'script');
      return orNotFound(await scripts.update(request.params.id, request.body), 'script');
    },
  );

  app.delete(
    '/scripts/:id',
    {
      schema: {
        tags,
        summary: 'Delete a script',
        params: idParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await guard.requireModify(request, 'scripts', request.params.id, 'script');
      if (!(await scripts.delete(request.params.id))) throw notFound('script');
      return reply.code(204).send();
    },
  );
};
