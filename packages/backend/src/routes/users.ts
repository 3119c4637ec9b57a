/** Users page (admins): list, create, change role, disable, reset a password. */
import {
  apiErrorSchema,
  idParamsSchema,
  INVITE_DAYS,
  userCreatedSchema,
  userCreateSchema,
  userListSchema,
  userSchema,
  userUpdateSchema,
} from '@hoistway/shared-types';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { conflict, orNotFound } from '../http/errors.js';
import { hashPassword } from '../auth/passwords.js';
import { newSecret, secretHash } from '../auth/secrets.js';
import type { UserRepository } from '../repositories/users.js';

const tags = ['users'];
const errors = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
};

export const userRoutes: FastifyPluginAsyncZod<{ users: UserRepository }> = async (app, { users }) => {
  app.get(
    '/users',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Every account (admins only)', response: { 200: userListSchema, ...errors } },
    },
    async () => ({ items: await users.list() }),
  );

  app.post(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          'Create an account with an initial password, or invite one (no password: the response has a one-time token for /invite?token=…, valid for a week)',
        body: userCreateSchema,
        response: { 201: userCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { username, password, role } = request.body;
      const inviteToken = password === undefined ? newSecret('hwi_') : null;
      const user = await users.create({
        username,
        role,
        passwordHash: password === undefined ? null : await hashPassword(password),
        ...(inviteToken && {
          inviteTokenHash: secretHash(inviteToken),
          inviteExpiresAt: new Date(Date.now() + INVITE_DAYS * 24 * 3600 * 1000),
        }),
      });
      if (!user) throw conflict(`the username "${username}" is taken`);
      return reply.code(201).send({ ...user, inviteToken });
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change an account’s role, disable or enable it, or set a new password (admins only)',
        params: idParamsSchema,
        body: userUpdateSchema,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { role, disabled, password } = request.body;
      const current = orNotFound(await users.get(id), 'user');
      const losesAdmin = current.role === 'admin' && ((role && role !== 'admin') || disabled === true);
      if (losesAdmin && (await users.otherActiveAdmins(id)) === 0)
        throw conflict('the last active admin cannot be demoted or disabled');
      const updated = orNotFound(
        await users.update(id, {
          role,
          disabled,
          passwordHash: password === undefined ? undefined : await hashPassword(password),
        }),
        'user',
      );
      // Disabled or with a new password: signed out everywhere.
      if (disabled === true || password !== undefined) await users.deleteSessionsOf(id);
      return updated;
    },
  );
};
