/**
 * Session leases: which backend replica hosts a live session (see `sessionLeases` in the schema).
 * Every expiry is computed by the database's clock, so replicas never compare their own clocks.
 */
import { sessionLeases, sessions } from '@hoistway/shared-types/db';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';

export class SessionLeaseRepository {
  private readonly db: Db;

  constructor(database: Database) {
    this.db = database.db;
  }

  /**
   * Takes or renews the lease of one session for `ttlMs`: succeeds (atomically) when nobody holds it,
   * it has expired, or `owner` holds it already. False when another replica holds a live lease or the
   * session does not exist.
   */
  async acquire(sessionId: string, owner: string, ttlMs: number): Promise<boolean> {
    const expiresAt = sql`now() + make_interval(secs => ${ttlMs / 1000})`;
    try {
      const rows = await this.db
        .insert(sessionLeases)
        .values({ sessionId, owner, expiresAt })
        .onConflictDoUpdate({
          target: sessionLeases.sessionId,
          set: { owner, expiresAt },
          setWhere: or(eq(sessionLeases.owner, owner), lt(sessionLeases.expiresAt, sql`now()`)),
        })
        .returning({ owner: sessionLeases.owner });
      return rows.length > 0;
    } catch (err) {
      // The session was deleted meanwhile (foreign key): there is nothing to host.
      // (drizzle wraps the driver's error as its cause.)
      const code =
        (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
      if (code === '23503') return false;
      throw err;
    }
  }

  /** Extends every lease `owner` holds among `sessionIds`; returns the ones it still holds. */
  async renew(owner: string, sessionIds: string[], ttlMs: number): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows = await this.db
      .update(sessionLeases)
      .set({ expiresAt: sql`now() + make_interval(secs => ${ttlMs / 1000})` })
      .where(and(eq(sessionLeases.owner, owner), inArray(sessionLeases.sessionId, sessionIds)))
      .returning({ sessionId: sessionLeases.sessionId });
    return new Set(rows.map((r) => r.sessionId));
  }

  async release(sessionId: string, owner: string): Promise<void> {
    await this.db
      .delete(sessionLeases)
      .where(and(eq(sessionLeases.sessionId, sessionId), eq(sessionLeases.owner, owner)));
  }

  async releaseAll(owner: string): Promise<void> {
    await this.db.delete(sessionLeases).where(eq(sessionLeases.owner, owner));
  }

  /** The replica holding a live lease of the session, if any. */
  async ownerOf(sessionId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ owner: sessionLeases.owner })
      .from(sessionLeases)
      .where(and(eq(sessionLeases.sessionId, sessionId), sql`${sessionLeases.expiresAt} > now()`));
    return row?.owner;
  }

  /** Running sessions that nobody hosts (no lease, or its holder stopped renewing it), oldest first. */
  async orphans(): Promise<string[]> {
    const rows = await this.db
      .select({ id: sessions.id })
      .from(sessions)
      .leftJoin(sessionLeases, eq(sessionLeases.sessionId, sessions.id))
      .where(
        and(
          eq(sessions.status, 'running'),
          or(isNull(sessionLeases.sessionId), lt(sessionLeases.expiresAt, sql`now()`)),
        ),
      )
      .orderBy(sessions.createdAt);
    return rows.map((r) => r.id);
  }
}
