import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * A timestamptz as ISO 8601 text with microseconds (exact, so usable as a cursor key), exactly as it
 * appears inside PostgreSQL's JSON output: `2026-05-01T10:00:00.123456+00:00` (sessions run in UTC).
 */
export function isoText(column: AnyColumn): SQL<string> {
  return sql<string>`(to_json(${column}) #>> '{}')`;
}

export function isoTextOrNull(column: AnyColumn): SQL<string | null> {
  return sql<string | null>`(to_json(${column}) #>> '{}')`;
}
