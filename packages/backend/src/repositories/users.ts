/** Accounts: users with a role; login sessions behind the cookie. */
import type { User, UserRoleName } from '@hoistway/shared-types';
import { authSessions, users } from '@hoistway/shared-types/db';
import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';
import { isoText } from '../db/sql-helpers.js';

const userColumns = {
  id: users.id,
  username: users.username,
  role: users.role,
  disabled: users.disabled,
  createdAt: isoText(users.createdAt),
};

export interface UserWithHash extends User {
  id: string;
  passwordHash: string | null;
}

export class UserRepository {
  private readonly db: Db;

  constructor(private readonly database: Database) {
    this.db = database.db;
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(users);
    return row?.n ?? 0;
  }

  /** Creates a user; undefined when the name is taken. */
  async create(fields: {
    username: string;
    /** Null for an invitation: the invited person chooses it. */
    passwordHash: string | null;
    role: UserRoleName;
    inviteTokenHash?: string;
    inviteExpiresAt?: Date;
  }): Promise<(User & { id: string }) | undefined> {
    const [row] = await this.db.insert(users).values(fields).onConflictDoNothing().returning(userColumns);
    return row;
  }

  /** The first admin: inserted only while no account exists (one statement, so two setups cannot both win). */
  async createFirstAdmin(fields: {
    username: string;
    passwordHash: string;
  }): Promise<(User & { id: string }) | undefined> {
    const [row] = await this.database.rows<User & { id: string }>(sql`
      insert into users (username, password_hash, role)
      select ${fields.username}, ${fields.passwordHash}, 'admin'
      where not exists (select 1 from users)
      returning id, username, role, disabled, (to_json(created_at) #>> '{}') as "createdAt"`);
    return row;
  }

  async list(): Promise<(User & { id: string })[]> {
    return this.db.select(userColumns).from(users).orderBy(asc(users.createdAt), asc(users.id));
  }

  async get(id: string): Promise<(User & { id: string }) | undefined> {
    const [row] = await this.db.select(userColumns).from(users).where(eq(users.id, id));
    return row;
  }

  async byName(username: string): Promise<UserWithHash | undefined> {
    const [row] = await this.db
      .select({ ...userColumns, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.username, username));
    return row;
  }

  async update(
    id: string,
    fields: { role?: UserRoleName; disabled?: boolean; passwordHash?: string },
  ): Promise<(User & { id: string }) | undefined> {
    // A password set by an admin also ends a pending invitation.
    const invite = fields.passwordHash === undefined ? {} : { inviteTokenHash: null, inviteExpiresAt: null };
    const [row] = await this.db
      .update(users)
      .set({ ...fields, ...invite, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning(userColumns);
    return row;
  }

  /** Active admins other than `exceptId` (the last admin cannot be demoted or disabled). */
  async otherActiveAdmins(exceptId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.disabled, false), sql`${users.id} <> ${exceptId}`));
    return row?.n ?? 0;
  }

  /** Accepts an unexpired invitation once: the password is set and the token spent. */
  async acceptInvite(
    inviteTokenHash: string,
    passwordHash: string,
  ): Promise<(User & { id: string }) | undefined> {
    const [row] = await this.db
      .update(users)
      .set({ passwordHash, inviteTokenHash: null, inviteExpiresAt: null, updatedAt: sql`now()` })
      .where(
        and(
          eq(users.inviteTokenHash, inviteTokenHash),
          gt(users.inviteExpiresAt, sql`now()`),
          eq(users.disabled, false),
        ),
      )
      .returning(userColumns);
    return row;
  }

  // Login sessions ------------------------------------------------------------------------

  async createSession(fields: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date }) {
    await this.db.insert(authSessions).values(fields);
  }

  /** The session's user if the session is current and the account enabled. */
  async sessionUser(
    tokenHash: string,
  ): Promise<{ user: User & { id: string }; csrfToken: string } | undefined> {
    const [row] = await this.db
      .select({ ...userColumns, csrfToken: authSessions.csrfToken })
      .from(authSessions)
      .innerJoin(users, eq(users.id, authSessions.userId))
      .where(
        and(
          eq(authSessions.tokenHash, tokenHash),
          gt(authSessions.expiresAt, sql`now()`),
          eq(users.disabled, false),
        ),
      );
    if (!row) return undefined;
    const { csrfToken, ...user } = row;
    return { user, csrfToken };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.delete(authSessions).where(eq(authSessions.tokenHash, tokenHash));
  }

  /** Signs a user out everywhere (disabled, password changed). */
  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.delete(authSessions).where(eq(authSessions.userId, userId));
  }
}
