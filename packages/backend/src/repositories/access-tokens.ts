/** API tokens (Bearer) and share links of live sessions: secrets stored as SHA-256, revocable. */
import type { ApiToken, ApiTokenScopeName, ShareLink, ShareRightName, User } from '@hoistway/shared-types';
import { apiTokens, shareLinks, users } from '@hoistway/shared-types/db';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';
import { isoText, isoTextOrNull } from '../db/sql-helpers.js';

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  scope: apiTokens.scope,
  createdAt: isoText(apiTokens.createdAt),
  lastUsedAt: isoTextOrNull(apiTokens.lastUsedAt),
  revokedAt: isoTextOrNull(apiTokens.revokedAt),
};

const linkColumns = {
  id: shareLinks.id,
  sessionId: shareLinks.sessionId,
  right: shareLinks.right,
  createdAt: isoText(shareLinks.createdAt),
  revokedAt: isoTextOrNull(shareLinks.revokedAt),
};

export class AccessTokenRepository {
  private readonly db: Db;

  constructor(database: Database) {
    this.db = database.db;
  }

  async createToken(fields: {
    userId: string;
    name: string;
    scope: ApiTokenScopeName;
    tokenHash: string;
    prefix: string;
  }): Promise<ApiToken> {
    const [row] = await this.db.insert(apiTokens).values(fields).returning(tokenColumns);
    return row!;
  }

  async tokensOf(userId: string): Promise<ApiToken[]> {
    return this.db
      .select(tokenColumns)
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
      .limit(500);
  }

  /** Revokes one of the user's tokens; false if there is none with that id. */
  async revokeToken(userId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }

  /** The user and scope behind an unrevoked token of an enabled account; marks it used. */
  async tokenUser(
    tokenHash: string,
  ): Promise<{ user: User & { id: string }; scope: ApiTokenScopeName } | undefined> {
    const [row] = await this.db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .from(users)
      .where(
        and(
          eq(apiTokens.tokenHash, tokenHash),
          isNull(apiTokens.revokedAt),
          eq(users.id, apiTokens.userId),
          eq(users.disabled, false),
        ),
      )
      .returning({
        id: users.id,
        username: users.username,
        role: users.role,
        disabled: users.disabled,
        createdAt: isoText(users.createdAt),
        scope: apiTokens.scope,
      });
    if (!row) return undefined;
    const { scope, ...user } = row;
    return { user, scope };
  }

  // Share links ---------------------------------------------------------------------------

  async createLink(fields: {
    sessionId: string;
    right: ShareRightName;
    tokenHash: string;
    createdBy: string | null;
  }): Promise<ShareLink> {
    const [row] = await this.db.insert(shareLinks).values(fields).returning(linkColumns);
    return row!;
  }

  async linksOf(sessionId: string): Promise<ShareLink[]> {
    return this.db
      .select(linkColumns)
      .from(shareLinks)
      .where(eq(shareLinks.sessionId, sessionId))
      .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id))
      .limit(500);
  }

  async link(id: string): Promise<(ShareLink & { createdBy: string | null }) | undefined> {
    const [row] = await this.db
      .select({ ...linkColumns, createdBy: shareLinks.createdBy })
      .from(shareLinks)
      .where(eq(shareLinks.id, id));
    return row;
  }

  async revokeLink(id: string): Promise<boolean> {
    const rows = await this.db
      .update(shareLinks)
      .set({ revokedAt: sql`coalesce(${shareLinks.revokedAt}, now())` })
      .where(eq(shareLinks.id, id))
      .returning({ id: shareLinks.id });
    return rows.length > 0;
  }

  /** An unrevoked link's session and right. */
  async linkByHash(
    tokenHash: string,
  ): Promise<{ id: string; sessionId: string; right: ShareRightName } | undefined> {
    const [row] = await this.db
      .select({ id: shareLinks.id, sessionId: shareLinks.sessionId, right: shareLinks.right })
      .from(shareLinks)
      .where(and(eq(shareLinks.tokenHash, tokenHash), isNull(shareLinks.revokedAt)));
    return row;
  }
}
