/**
 * Share links of live sessions: a token with a right (`watch`: frames only; `control`: the controls
 * too), revocable. Whoever may control the session creates and revokes its links.
 */
import {
  apiErrorSchema,
  idParamsSchema,
  sessionAccessSchema,
  shareLinkCreatedSchema,
  shareLinkCreateSchema,
  shareLinkListSchema,
  type SessionAccess,
} from '@hoistway/shared-types';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, orNotFound } from '../http/errors.js';
import { forbidden, ownerFor } from '../auth/auth-plugin.js';
import { SHARE_TOKEN_PREFIX } from '../auth/authenticator.js';
import { sessionRight } from '../auth/principal.js';
import { newSecret, secretHash } from '../auth/secrets.js';
import type { LiveAccess } from '../auth/live-access.js';
import type { AccessTokenRepository } from '../repositories/access-tokens.js';
import type { OwnershipRepository } from '../repositories/ownership.js';

const tags = ['sessions'];
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };

export const shareLinkRoutes: FastifyPluginAsyncZod<{
  tokens: AccessTokenRepository;
  ownership: OwnershipRepository;
  live: LiveAccess;
}> = async (app, { tokens, ownership, live }) => {
  async function rightOver(request: FastifyRequest, sessionId: string): Promise<SessionAccess> {
    const owner = await ownership.ownerOf('sessions', sessionId);
    if (owner === undefined) throw notFound('session');
    const right = sessionRight(request.principal!, sessionId, owner);
    if (!right) throw forbidden('a share link gives access to its own session only');
    return { right, via: request.principal!.kind === 'share' ? 'share-link' : 'account' };
  }

  async function requireControl(request: FastifyRequest, sessionId: string): Promise<void> {
    if (request.principal?.kind !== 'user' || (await rightOver(request, sessionId)).right !== 'control')
      throw forbidden('only the session’s owner or an admin may manage its share links');
  }

  app.get(
    '/sessions/:id/access',
    {
      config: { share: 'read' },
      schema: {
        tags,
        summary: 'Your right over a live session: watch or control (the live view hides controls for watch)',
        params: idParamsSchema,
        response: { 200: sessionAccessSchema, ...errors },
      },
    },
    async (request) => rightOver(request, request.params.id),
  );

  app.get(
    '/sessions/:id/share-links',
    {
      schema: {
        tags,
        summary: 'Share links of a session (owner or admin)',
        params: idParamsSchema,
        response: { 200: shareLinkListSchema, ...errors },
      },
    },
    async (request) => {
      await requireControl(request, request.params.id);
      return { items: await tokens.linksOf(request.params.id) };
    },
  );

  app.post(
    '/sessions/:id/share-links',
    {
      schema: {
        tags,
        summary: 'Create a share link with the right `watch` or `control`; the token is shown only now',
        params: idParamsSchema,
        body: shareLinkCreateSchema,
        response: { 201: shareLinkCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      await requireControl(request, request.params.id);
      const token = newSecret(SHARE_TOKEN_PREFIX);
      const link = await tokens.createLink({
        sessionId: request.params.id,
        right: request.body.right,
        tokenHash: secretHash(token),
        createdBy: ownerFor(request),
      });
      return reply.code(201).send({ ...link, token });
    },
  );

  app.delete(
    '/share-links/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a share link (it stops working at once, live viewers included)',
        params: idParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      const link = orNotFound(await tokens.link(request.params.id), 'share link');
      await requireControl(request, link.sessionId);
      await tokens.revokeLink(link.id);
      live.revokeShareLink(link.id);
      return reply.code(204).send();
    },
  );
};
