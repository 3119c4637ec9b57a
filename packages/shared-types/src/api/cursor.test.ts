import { describe, expect, it } from 'vitest';
import { cursorSchema, decodeCursor, encodeCursor } from './cursor.js';

const id = '0b9c7c36-6f5e-4c55-9a51-0d1f4f1c2b3a';
const tampered = (createdAt: string) => encodeCursor({ createdAt, id });

describe('pagination cursors', () => {
  it('round-trip the key exactly, microseconds included', () => {
    const key = { createdAt: '2026-05-01T10:00:00.123456+00:00', id };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(cursorSchema.parse(encodeCursor(key))).toEqual(key);
  });

  it.each([
    ['year 0000', '0000-01-01T00:00:00+00:00'],
    ['30 February', '2026-02-30T10:00:00+00:00'],
    ['hour 24', '2026-05-01T24:00:00+00:00'],
    ['offset +99:00', '2026-05-01T10:00:00+99:00'],
    ['offset minutes 75', '2026-05-01T10:00:00+01:75'],
    ['no offset', '2026-05-01T10:00:00'],
  ])('refuse a tampered timestamp (%s) that PostgreSQL would reject', (_what, createdAt) => {
    expect(decodeCursor(tampered(createdAt))).toBeUndefined();
  });

  it('refuse garbage with an issue naming what is wrong', () => {
    for (const text of ['garbage', '!!!', encodeCursor({ createdAt: '2026-05-01T10:00:00Z', id: 'x' }), '']) {
      const parsed = cursorSchema.safeParse(text);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.message).toMatch(/cursor returned by this API|must not be empty/);
    }
  });
});
