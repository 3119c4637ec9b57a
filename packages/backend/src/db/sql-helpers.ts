import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { CursorKey } from '../http/cursor.js';

/** A timestamptz as ISO 8601 text in UTC with microseconds (exact, so usable as a cursor key). */
export function isoText(column: AnyColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function isoTextOrNull(column: AnyColumn): SQL<string | null> {
  return sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Rows strictly after the cursor in newest-first order of (created_at, id). */
export function beforeCursor(createdAt: AnyColumn, id: AnyColumn, cursor: CursorKey): SQL {
  return sql`(${createdAt}, ${id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`;
}
