/**
 * Access control of the Socket.IO endpoint: the handshake's Origin (ALLOWED_ORIGINS, default same
 * origin), its credentials (session cookie, `auth.token` / Bearer header, or `auth.share`), a cap on
 * sockets per user, a per-socket rate limit on `control`, and the right behind every event. The live
 * plugin calls these hooks; the rules themselves are in `principal.ts`.
 */
import type { IncomingMessage } from 'node:http';
import type { ShareRightName } from '@hoistway/shared-types';
import { LiveError } from '../live/live-error.js';
import type { OwnershipRepository } from '../repositories/ownership.js';
import type { Authenticator, Credentials } from './authenticator.js';
import { principalKey, sessionRight, type Principal } from './principal.js';

export interface LiveAccessOptions {
  authenticator: Authenticator;
  ownership: OwnershipRepository;
  /** Allowed Origin values; empty: the request's own host only. */
  allowedOrigins: string[];
  maxSocketsPerUser: number;
  /** `control` events per second per socket (bucket of the same size). */
  controlRate: number;
}

/** What a socket keeps between events. */
export interface SocketAccess {
  credentials: Credentials;
  principal: Principal;
  key: string;
  /** Token bucket of the control rate limit. */
  tokens: number;
  refilledAt: number;
}

export type LiveEvent = 'join' | 'control' | 'subscribeRun';

interface ClosableSocket {
  disconnect(close?: boolean): void;
}

export class LiveAccess {
  private readonly socketsPerKey = new Map<string, Set<ClosableSocket & { access?: SocketAccess }>>();

  constructor(private readonly options: LiveAccessOptions) {}

  /** Socket.IO `allowRequest`: a browser's cross-origin handshake is refused before anything else. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return true; // not a browser (browsers always send Origin cross-origin)
    if (this.options.allowedOrigins.length > 0) return this.options.allowedOrigins.includes(origin);
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    const host = req.headers.host ?? '';
    // A proxy that forwards `$host` drops the port: compare host names then.
    return host.includes(':') ? url.host === host : url.hostname === host;
  }

  /** Handshake: credentials → principal (throws to refuse), counted against the per-user cap. */
  async connect(
    socket: ClosableSocket,
    handshake: { headers: IncomingMessage['headers']; auth: Record<string, unknown> },
  ): Promise<SocketAccess> {
    const token = typeof handshake.auth.token === 'string' ? handshake.auth.token : undefined;
    const share = typeof handshake.auth.share === 'string' ? handshake.auth.share : undefined;
    const credentials: Credentials = {
      cookieHeader: handshake.headers.cookie,
      authorization: token ? `Bearer ${token}` : (handshake.headers.authorization as string | undefined),
      shareToken: share,
    };
    const principal = await this.options.authenticator.authenticate(credentials);
    if (!principal) throw new Error('unauthorized: sign in, or give a token or share link');
    const key = principalKey(principal);
    const sockets = this.socketsPerKey.get(key) ?? new Set();
    if (sockets.size >= this.options.maxSocketsPerUser)
      throw new Error(`too many connections (at most ${this.options.maxSocketsPerUser} per user)`);
    sockets.add(socket);
    this.socketsPerKey.set(key, sockets);
    const access: SocketAccess = {
      credentials,
      principal,
      key,
      tokens: this.options.controlRate,
      refilledAt: Date.now(),
    };
    (socket as { access?: SocketAccess }).access = access;
    return access;
  }

  disconnected(socket: ClosableSocket, access: SocketAccess | undefined): void {
    if (!access) return;
    const sockets = this.socketsPerKey.get(access.key);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.socketsPerKey.delete(access.key);
  }

  /**
   * Checks one event against the socket's principal, re-read from its credentials (a revoked token or
   * link, or a disabled account, stops working at once). Returns the right over the session.
   */
  async authorize(access: SocketAccess, event: LiveEvent, id: string): Promise<ShareRightName> {
    if (event === 'control') this.spendControlToken(access);
    const principal = await this.options.authenticator.authenticate(access.credentials);
    if (!principal) throw new LiveError(401, 'Unauthorized', 'credentials no longer valid');
    access.principal = principal;
    if (event === 'subscribeRun') {
      if (principal.kind === 'share')
        throw new LiveError(403, 'Forbidden', 'a share link gives access to its own session only');
      return 'watch';
    }
    const owner = await this.options.ownership.ownerOf('sessions', id);
    if (owner === undefined) throw new LiveError(404, 'Not Found', `session ${id} not found`);
    const right = sessionRight(principal, id, owner);
    if (!right) throw new LiveError(403, 'Forbidden', 'a share link gives access to its own session only');
    if (event === 'control' && right !== 'control')
      throw new LiveError(403, 'Forbidden', 'you may watch this session but not control it');
    return right;
  }

  /** A revoked share link: its sockets are closed at once. */
  revokeShareLink(linkId: string): void {
    for (const socket of this.socketsPerKey.get(`share:${linkId}`) ?? []) socket.disconnect(true);
  }

  private spendControlToken(access: SocketAccess): void {
    const now = Date.now();
    const rate = this.options.controlRate;
    access.tokens = Math.min(rate, access.tokens + ((now - access.refilledAt) / 1000) * rate);
    access.refilledAt = now;
    if (access.tokens < 1)
      throw new LiveError(429, 'Too Many Requests', `at most ${rate} control events per second`);
    access.tokens -= 1;
  }
}
