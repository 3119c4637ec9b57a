/**
 * Opaque keyset-pagination cursors over (created_at, id), newest first. The timestamp is kept as
 * PostgreSQL prints it (microseconds), since a JS Date would round it to milliseconds and skip rows.
 * Decoding happens in request validation (`cursorSchema`), so a tampered cursor is a 400 naming
 * `cursor` and the database only ever sees a well-formed key.
 */
import { z } from 'zod';

export interface CursorKey {
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ISO 8601 as PostgreSQL renders a timestamptz in JSON, e.g. `2026-05-01T10:00:00.123456+00:00`.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

/**
 * Well-formed and a real calendar date/time PostgreSQL accepts (it refuses `2026-02-30`, year 0000
 * or an offset of +99:00; each would be a 500 otherwise).
 */
function isTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (y < 1 || h > 23 || mi > 59 || sec > 59) return false;
  // PostgreSQL accepts UTC offsets up to ±15:59.
  const offset = /^[+-](\d{2}):?(\d{2})?$/.exec(m[8]!);
  if (offset && (Number(offset[1]) > 15 || Number(offset[2] ?? 0) > 59)) return false;
  const probe = new Date(Date.UTC(2000, mo - 1, d));
  probe.setUTCFullYear(y);
  return probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

// base64url without Buffer, so the web app can use the same module.
function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeCursor(key: CursorKey): string {
  return toBase64Url(JSON.stringify([key.createdAt, key.id]));
}

/** The key of a cursor this API issued, or undefined for anything else. */
export function decodeCursor(cursor: string): CursorKey | undefined {
  try {
    const value: unknown = JSON.parse(fromBase64Url(cursor));
    if (Array.isArray(value) && value.length === 2) {
      const [createdAt, id] = value as unknown[];
      if (typeof createdAt === 'string' && isTimestamp(createdAt) && typeof id === 'string' && UUID.test(id))
        return { createdAt, id };
    }
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  return undefined;
}

/** The `cursor` query parameter: the opaque text in, its decoded key out. */
export const cursorSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .transform((text, ctx): CursorKey => {
    const key = decodeCursor(text);
    if (key) return key;
    ctx.addIssue({ code: 'custom', message: 'is not a cursor returned by this API' });
    return z.NEVER;
  });
