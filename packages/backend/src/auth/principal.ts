/**
 * Who is asking, and what they may do. A principal is a user (signed in with the session cookie, an
 * API token, or the implicit local admin of `AUTH_MODE=local-single-user`) or a share link of one
 * live session. The rules here are the whole access policy; routes and Socket.IO events ask them.
 */
import type { ApiTokenScopeName, ShareRightName, User } from '@hoistway/shared-types';

export interface UserPrincipal {
  kind: 'user';
  via: 'cookie' | 'token' | 'local';
  user: User;
  /** API tokens carry a scope; cookies and the local user can write (their role permitting). */
  scope: ApiTokenScopeName;
  /** Cookie sessions: the synchronizer token state-changing requests must echo. */
  csrfToken?: string;
}

export interface SharePrincipal {
  kind: 'share';
  linkId: string;
  sessionId: string;
  right: ShareRightName;
}

export type Principal = UserPrincipal | SharePrincipal;

/** The implicit account of local single-user mode: a local admin owning nothing (owner null). */
export const localUser: User = {
  id: null,
  username: 'local',
  role: 'admin',
  disabled: false,
  createdAt: new Date(0).toISOString(),
};

export function isAdmin(p: Principal | undefined): boolean {
  return p?.kind === 'user' && p.user.role === 'admin';
}

/** Create things and start work: editors and admins, with a write-scoped credential. */
export function canWrite(p: Principal | undefined): p is UserPrincipal {
  return p?.kind === 'user' && p.user.role !== 'viewer' && p.scope === 'write';
}

/** Change or delete a row: admins anything, editors what they own. */
export function canModify(p: Principal | undefined, ownerId: string | null): boolean {
  if (!canWrite(p)) return false;
  return p.user.role === 'admin' || (ownerId !== null && p.user.id === ownerId);
}

/** The right over a live session: control for those who may modify it or hold a control link. */
export function sessionRight(p: Principal, sessionId: string, ownerId: string | null): ShareRightName | null {
  if (p.kind === 'share') return p.sessionId === sessionId ? p.right : null;
  return canModify(p, ownerId) ? 'control' : 'watch';
}

/** A key for per-user limits (sockets per user). */
export function principalKey(p: Principal): string {
  return p.kind === 'share' ? `share:${p.linkId}` : `user:${p.user.id ?? 'local'}`;
}
