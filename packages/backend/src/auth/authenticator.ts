/**
 * Credentials → principal, for HTTP requests and Socket.IO handshakes alike: the session cookie,
 * `Authorization: Bearer …` (API tokens), or a share link's token (`x-share-token`, or the
 * handshake's `auth.share`). In local single-user mode everyone is the local admin.
 */
import { fastifyCookie } from '@fastify/cookie';
import type { AuthMode } from '@hoistway/shared-types';
import type { AccessTokenRepository } from '../repositories/access-tokens.js';
import type { UserRepository } from '../repositories/users.js';
import { localUser, type Principal } from './principal.js';
import { secretHash } from './secrets.js';

export const SESSION_COOKIE = 'hoistway_session';
export const API_TOKEN_PREFIX = 'hw_';
export const SHARE_TOKEN_PREFIX = 'hws_';

export interface Credentials {
  cookieHeader?: string;
  authorization?: string;
  shareToken?: string;
}

export class Authenticator {
  constructor(
    private readonly mode: AuthMode,
    private readonly users: UserRepository,
    private readonly tokens: AccessTokenRepository,
  ) {}

  /**
   * The principal, or undefined without valid credentials. A credential that is present but wrong
   * (revoked token, expired cookie) counts as none: no fall-through to a weaker one.
   */
  async authenticate(credentials: Credentials): Promise<Principal | undefined> {
    if (this.mode === 'local-single-user')
      return { kind: 'user', via: 'local', user: localUser, scope: 'write' };
    const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? '')?.[1];
    if (bearer) {
      if (!bearer.startsWith(API_TOKEN_PREFIX) || bearer.length > 200) return undefined;
      const found = await this.tokens.tokenUser(secretHash(bearer));
      return found && { kind: 'user', via: 'token', user: found.user, scope: found.scope };
    }
    const cookie = credentials.cookieHeader
      ? fastifyCookie.parse(credentials.cookieHeader)[SESSION_COOKIE]
      : undefined;
    if (cookie && cookie.length <= 200) {
      const found = await this.users.sessionUser(secretHash(cookie));
      if (found)
        return { kind: 'user', via: 'cookie', user: found.user, scope: 'write', csrfToken: found.csrfToken };
    }
    const share = credentials.shareToken;
    if (share && share.startsWith(SHARE_TOKEN_PREFIX) && share.length <= 200) {
      const link = await this.tokens.linkByHash(secretHash(share));
      if (link) return { kind: 'share', linkId: link.id, sessionId: link.sessionId, right: link.right };
    }
    return undefined;
  }

  /** The session cookie's secret from a Cookie header (logout). */
  static sessionSecret(cookieHeader: string | undefined): string | undefined {
    return cookieHeader ? fastifyCookie.parse(cookieHeader)[SESSION_COOKIE] : undefined;
  }
}
