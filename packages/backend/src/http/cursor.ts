/**
 * Opaque keyset-pagination cursors over (created_at, id), newest first. The timestamp is kept as
 * PostgreSQL prints it (microseconds), since a JS Date would round it to milliseconds and skip rows.
 */
import { badRequest } from './errors.js';

export interface CursorKey {
  createdAt: string;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ISO 8601 as PostgreSQL renders a timestamptz in JSON, e.g. `2026-05-01T10:00:00.123456+00:00`.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

/** Well-formed and a real calendar date/time (PostgreSQL would refuse `2026-02-30`, a 500 otherwise). */
function isTimestamp(text: string): boolean {
  if (!TIMESTAMP.test(text)) return false;
  const ms = Date.parse(text.replace(' ', 'T'));
  if (Number.isNaN(ms)) return false;
  const [date, time] = text.split(/[ T]/) as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, sec] = time.slice(0, 8).split(':').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  return probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d && h < 24 && mi < 60 && sec < 60;
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [createdAt, id] = value as unknown[];
      if (typeof createdAt === 'string' && isTimestamp(createdAt) && typeof id === 'string' && UUID.test(id))
        return { createdAt, id };
    }
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  throw badRequest('Invalid query string', [
    { path: 'cursor', message: 'is not a cursor returned by this API' },
  ]);
}
