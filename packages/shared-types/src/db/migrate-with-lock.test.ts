import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { migrateWithLock } from './migrate-with-lock.js';

describe('migrateWithLock', () => {
  it('refuses a pooled client, whose lock and migration could land on different sessions', async () => {
    // No query is sent: the check comes first, so no server is needed.
    const pooled = postgres('postgres://nobody@127.0.0.1:1/none', { max: 4 });
    await expect(migrateWithLock(pooled)).rejects.toThrow(/single-connection client \(max: 1\), got max: 4/);
    await pooled.end();
  });
});
