/** Users page (admins): list, create, change role, disable, reset a password. */
import {
  apiErrorSchema,
  idParamsSchema,
  userCreateSchema,
  userListSchema,
  userSchema,
  userUpdateSchema,
} from '@hoistway/shared-types';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { conflict, orNotFound } from '../http/errors.js';
import { hashPassword } from '../auth/passwords.js';
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
        summary: 'Create an account with an initial password and a role (admins only)',
        body: userCreateSchema,
        response: { 201: userSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { username, password, role } = request.body;
      const user = await users.create({ username, role, passwordHash: await hashPassword(password) });
      if (!user) throw conflict(`the username "${username}" is taken`);
      return reply.code(201).send(user);
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
