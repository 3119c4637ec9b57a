/** Who owns a row of the tables whose rows editors may change only when they created them. */
import { buildings, datasets, dispatcherScripts, models, runs, sessions } from '@hoistway/shared-types/db';
import { eq } from 'drizzle-orm';
import type { Database, Db } from '../db/database.js';

const owned = { buildings, sessions, runs, datasets, models, scripts: dispatcherScripts } as const;
export type OwnedKind = keyof typeof owned;

export class OwnershipRepository {
  private readonly db: Db;

  constructor(database: Database) {
    this.db = database.db;
  }

  /** The owner's id (null: nobody, e.g. made by the CLI or in single-user mode); undefined: no such row. */
  async ownerOf(kind: OwnedKind, id: string): Promise<string | null | undefined> {
    const table = owned[kind];
    const [row] = await this.db.select({ ownerId: table.ownerId }).from(table).where(eq(table.id, id));
    return row ? row.ownerId : undefined;
  }

  /** Records who created a row (right after the insert; null leaves it ownerless). */
  async setOwner(kind: OwnedKind, id: string, ownerId: string | null): Promise<void> {
    if (ownerId === null) return;
    const table = owned[kind];
    await this.db.update(table).set({ ownerId }).where(eq(table.id, id));
  }
}
