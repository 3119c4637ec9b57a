import {
  apiErrorSchema,
  BUILDING_EXPORT_FORMAT,
  buildingArchiveBodySchema,
  buildingDetailSchema,
  buildingDuplicateBodySchema,
  buildingExportSchema,
  buildingListQuerySchema,
  buildingPageSchema,
  buildingDocumentSchema,
  buildingVersionInfoSchema,
  buildingVersionParamsSchema,
  buildingBudgetIssues,
  duplicateName,
  idParamsSchema,
  type Building,
  type WorkLimits,
} from '@hoistway/shared-types';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isForeignKeyViolation } from '../db/errors.js';
import { conflict, notFound, orNotFound } from '../http/errors.js';
import type { BuildingRepository } from '../repositories/buildings.js';
import { sendJsonText } from '../db/json-page.js';
import { assertWithinBudget } from '../services/work-budget.js';
import type { OwnershipGuard } from '../auth/ownership-guard.js';

const errors = { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const tags = ['buildings'];

export const buildingRoutes: FastifyPluginAsyncZod<{
  buildings: BuildingRepository;
  limits: WorkLimits;
  guard: OwnershipGuard;
}> = async (app, { buildings, limits, guard }) => {
  /** A definition within the work limits (population, floors × cars), before it is stored. */
  const withinBudget = (definition: Building): Building => {
    assertWithinBudget(buildingBudgetIssues(definition, limits));
    return definition;
  };

  const mayModify = (request: Parameters<typeof guard.requireModify>[0], id: string) =>
    guard.requireModify(request, 'buildings', id, 'building');

  app.post(
    '/buildings',
    {
      schema: {
        tags,
        summary: 'Create a building (version 1) from a definition or an export file',
        body: buildingDocumentSchema,
        response: { 201: buildingDetailSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await guard.claim(request, 'buildings', await buildings.create(withinBudget(request.body)))),
  );

  app.get(
    '/buildings',
    {
      schema: {
        tags,
        summary: 'List buildings, newest first',
        querystring: buildingListQuerySchema,
        response: { 200: buildingPageSchema, 400: apiErrorSchema },
      },
    },
    async (request, reply) => sendJsonText(reply, await buildings.listJson(request.query)),
  );

  app.get(
    '/buildings/:id',
    {
      schema: {
        tags,
        summary: 'A building with its current definition',
        params: idParamsSchema,
        response: { 200: buildingDetailSchema, ...errors },
      },
    },
    async (request) => orNotFound(await buildings.get(request.params.id), 'building'),
  );

  app.get(
    '/buildings/:id/versions',
    {
      schema: {
        tags,
        summary: 'The versions of a building',
        params: idParamsSchema,
        response: { 200: z.object({ items: z.array(buildingVersionInfoSchema) }), ...errors },
      },
    },
    async (request) => {
      const items = await buildings.versions(request.params.id);
      if (!items) throw notFound('building');
      return { items };
    },
  );

  app.get(
    '/buildings/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'A building with the definition of one version',
        params: buildingVersionParamsSchema,
        response: { 200: buildingDetailSchema, ...errors },
      },
    },
    async (request) =>
      orNotFound(await buildings.get(request.params.id, request.params.version), 'building version'),
  );

  app.post(
    '/buildings/:id/versions/:version/restore',
    {
      schema: {
        tags,
        summary:
          'Restore an earlier version: adds a new version with its definition (409 if it is the current one)',
        params: buildingVersionParamsSchema,
        response: { 201: buildingDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { id, version } = request.params;
      await mayModify(request, id);
      const old = orNotFound(await buildings.get(id, version), 'building version');
      if (old.currentVersion === version) throw conflict(`version ${version} is already the current version`);
      const restored = orNotFound(await buildings.update(id, old.definition), 'building');
      return reply.code(201).send(restored);
    },
  );

  app.post(
    '/buildings/:id/duplicate',
    {
      schema: {
        tags,
        summary: 'Duplicate a building: a new building (version 1) with the current definition',
        params: idParamsSchema,
        body: buildingDuplicateBodySchema.nullish(),
        response: { 201: buildingDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const original = orNotFound(await buildings.get(request.params.id), 'building');
      const name = request.body?.name ?? duplicateName(original.name);
      const copy = await buildings.create({ ...original.definition, name });
      return reply.code(201).send(await guard.claim(request, 'buildings', copy));
    },
  );

  app.put(
    '/buildings/:id',
    {
      schema: {
        tags,
        summary:
          'Replace the definition: adds a version (sessions keep theirs); an unchanged definition adds none',
        params: idParamsSchema,
        body: buildingDocumentSchema,
        response: { 200: buildingDetailSchema, ...errors },
      },
    },
    async (request) => {
      await mayModify(request, request.params.id);
      return orNotFound(await buildings.update(request.params.id, withinBudget(request.body)), 'building');
    },
  );

  app.patch(
    '/buildings/:id',
    {
      schema: {
        tags,
        summary: 'Archive or unarchive a building',
        params: idParamsSchema,
        body: buildingArchiveBodySchema,
        response: { 200: buildingDetailSchema, ...errors },
      },
    },
    async (request) => {
      await mayModify(request, request.params.id);
      return orNotFound(await buildings.setArchived(request.params.id, request.body.archived), 'building');
    },
  );

  app.delete(
    '/buildings/:id',
    {
      schema: {
        tags,
        summary: 'Delete a building and its versions (409 while sessions or runs use it: archive it instead)',
        params: idParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await mayModify(request, request.params.id);
      const usage = await buildings.usage(request.params.id);
      if (usage.sessions + usage.runs > 0) throw inUse(usage);
      try {
        if (!(await buildings.delete(request.params.id))) throw notFound('building');
      } catch (error) {
        // A session created between the check and the delete: the foreign key refuses.
        if (isForeignKeyViolation(error)) throw inUse(await buildings.usage(request.params.id));
        throw error;
      }
      return reply.code(204).send();
    },
  );

  app.get(
    '/buildings/:id/export',
    {
      schema: {
        tags,
        summary: 'Export the current definition as a JSON file (the import format)',
        params: idParamsSchema,
        response: { 200: buildingExportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const building = await buildings.get(request.params.id);
      if (!building) throw notFound('building');
      const fileName = building.name.replace(/[^\w.-]+/g, '_') || 'building';
      reply.header('content-disposition', `attachment; filename="${fileName}.building.json"`);
      return {
        format: BUILDING_EXPORT_FORMAT,
        formatVersion: 1 as const,
        exportedAt: new Date().toISOString(),
        building: building.definition,
      };
    },
  );

  app.post(
    '/buildings/import',
    {
      schema: {
        tags,
        summary: 'Create a building from an exported JSON file (or a bare definition)',
        body: buildingDocumentSchema,
        response: { 201: buildingDetailSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await guard.claim(request, 'buildings', await buildings.create(withinBudget(request.body)))),
  );
};

function inUse(usage: { sessions: number; runs: number }) {
  return conflict(
    `the building is used by ${usage.sessions} session(s) and ${usage.runs} run(s); archive it instead (PATCH {"archived": true})`,
  );
}
