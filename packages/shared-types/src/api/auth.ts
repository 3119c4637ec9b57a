/** Accounts and access: login, first-admin setup, users, API tokens and share links of live sessions. */
import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.js';

export const USER_ROLES = ['admin', 'editor', 'viewer'] as const;
export const userRoleSchema = z.enum(USER_ROLES, { error: 'must be admin, editor or viewer' });
export type UserRoleName = z.output<typeof userRoleSchema>;

export const AUTH_MODES = ['login', 'local-single-user'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export const usernameSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'may contain letters, digits and . _ @ - only')
  .transform((name) => name.toLowerCase());

export const passwordSchema = z
  .string({ error: 'must be a string' })
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

export const userSchema = z.object({
  /** Null for the implicit local user of `AUTH_MODE=local-single-user`. */
  id: uuidSchema.nullable(),
  username: z.string(),
  role: userRoleSchema,
  disabled: z.boolean(),
  createdAt: timestampSchema,
});
export type User = z.output<typeof userSchema>;

export const authStatusSchema = z.object({
  mode: z.enum(AUTH_MODES),
  /** No account exists yet: the first admin is created at /setup with the logged setup token. */
  setupRequired: z.boolean(),
  /** The signed-in user, or null. */
  user: userSchema.nullable(),
  /** Echo in `x-csrf-token` on state-changing requests authenticated by the session cookie. */
  csrfToken: z.string().nullable(),
});
export type AuthStatus = z.output<typeof authStatusSchema>;

export const loginBodySchema = z.strictObject({
  username: usernameSchema,
  password: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH),
});
export type LoginBody = z.input<typeof loginBodySchema>;

export const setupBodySchema = z.strictObject({
  token: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(200),
  username: usernameSchema,
  password: passwordSchema,
});
export type SetupBody = z.input<typeof setupBodySchema>;

/** With a password the account is ready; without one it is an invitation (a one-time link to choose it). */
export const userCreateSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema.optional(),
  role: userRoleSchema.default('viewer'),
});
export type UserCreate = z.input<typeof userCreateSchema>;

/** Days an invitation link stays valid. */
export const INVITE_DAYS = 7;
/** The created account; `inviteToken` (shown once) when it was an invitation: the link is /invite?token=…. */
export const userCreatedSchema = userSchema.extend({ inviteToken: z.string().nullable() });
export type UserCreated = z.output<typeof userCreatedSchema>;

export const acceptInviteBodySchema = z.strictObject({
  token: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(200),
  password: passwordSchema,
});
export type AcceptInviteBody = z.input<typeof acceptInviteBodySchema>;

export const userUpdateSchema = z
  .strictObject({
    role: userRoleSchema.optional(),
    disabled: z.boolean({ error: 'must be true or false' }).optional(),
    password: passwordSchema.optional(),
  })
  .refine((u) => u.role !== undefined || u.disabled !== undefined || u.password !== undefined, {
    message: 'give role, disabled or password',
  });
export type UserUpdate = z.input<typeof userUpdateSchema>;

export const userListSchema = z.object({ items: z.array(userSchema) });

// ---------------------------------------------------------------------------------------------
// API tokens (`Authorization: Bearer …`)
// ---------------------------------------------------------------------------------------------

export const API_TOKEN_SCOPES = ['read', 'write'] as const;
export const apiTokenScopeSchema = z.enum(API_TOKEN_SCOPES, { error: 'must be read or write' });
export type ApiTokenScopeName = z.output<typeof apiTokenScopeSchema>;

export const apiTokenCreateSchema = z.strictObject({
  name: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(100),
  scope: apiTokenScopeSchema,
});
export type ApiTokenCreate = z.input<typeof apiTokenCreateSchema>;

export const apiTokenSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  /** The token's first characters, to recognise it. */
  prefix: z.string(),
  scope: apiTokenScopeSchema,
  createdAt: timestampSchema,
  lastUsedAt: timestampSchema.nullable(),
  revokedAt: timestampSchema.nullable(),
});
export type ApiToken = z.output<typeof apiTokenSchema>;

/** The creation response: the only time the secret is shown. */
export const apiTokenCreatedSchema = apiTokenSchema.extend({ token: z.string() });
export type ApiTokenCreated = z.output<typeof apiTokenCreatedSchema>;
export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) });

// ---------------------------------------------------------------------------------------------
// Share links of live sessions
// ---------------------------------------------------------------------------------------------

export const SHARE_RIGHTS = ['watch', 'control'] as const;
export const shareRightSchema = z.enum(SHARE_RIGHTS, { error: 'must be watch or control' });
export type ShareRightName = z.output<typeof shareRightSchema>;

/** Query parameter of a live view's share link, also sent as the `x-share-token` header. */
export const SHARE_TOKEN_PARAM = 'share';
export const SHARE_TOKEN_HEADER = 'x-share-token';
export const CSRF_HEADER = 'x-csrf-token';

export const shareLinkCreateSchema = z.strictObject({ right: shareRightSchema });
export const shareLinkSchema = z.object({
  id: uuidSchema,
  sessionId: uuidSchema,
  right: shareRightSchema,
  createdAt: timestampSchema,
  revokedAt: timestampSchema.nullable(),
});
export type ShareLink = z.output<typeof shareLinkSchema>;
export const shareLinkCreatedSchema = shareLinkSchema.extend({ token: z.string() });
export type ShareLinkCreated = z.output<typeof shareLinkCreatedSchema>;
export const shareLinkListSchema = z.object({ items: z.array(shareLinkSchema) });

/** What the caller may do with a live session (the live view shows it and hides controls for watch). */
export const sessionAccessSchema = z.object({
  right: shareRightSchema,
  /** How the right was granted. */
  via: z.enum(['account', 'share-link']),
});
export type SessionAccess = z.output<typeof sessionAccessSchema>;
