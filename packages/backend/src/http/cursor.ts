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
// PostgreSQL's text form of a timestamptz, e.g. `2026-05-01 10:00:00.123456+00`.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

export function decodeCursor(cursor: string): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [createdAt, id] = value as unknown[];
      if (
        typeof createdAt === 'string' &&
        TIMESTAMP.test(createdAt) &&
        typeof id === 'string' &&
        UUID.test(id)
      )
        return { createdAt, id };
    }
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  throw badRequest('Invalid query string', [
    { path: 'cursor', message: 'is not a cursor returned by this API' },
  ]);
}
