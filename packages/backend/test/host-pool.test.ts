import { afterEach, describe, expect, it } from 'vitest';
import { HostPool, type SessionHost } from '../src/live/main/host-pool.js';
import { LiveError } from '../src/live/live-error.js';

const options = { frameRate: 10, checkpointMs: 2000, checkpointSimSeconds: 60, fastBudgetMs: 20 };

describe('session hosts answer through the typed host API', () => {
  let pool: HostPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  const start = (workers: number): SessionHost => {
    pool = new HostPool({ ...options, workers, onEvent: () => {}, onHostLost: () => {} });
    return pool.leastLoaded();
  };

  it.each([
    ['a worker thread', 1],
    ['the main thread', 0],
  ])('on %s, a refused call arrives as a LiveError with its status code and field', async (_, workers) => {
    const host = start(workers);
    const err = await host.api.snapshot('missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LiveError);
    expect(err).toMatchObject({ statusCode: 404, details: [{ path: 'sessionId', message: 'not found' }] });
    // A call that succeeds has its (empty) reply.
    await expect(host.api.close('missing')).resolves.toBeUndefined();
  });

  it('rejects calls to a closed worker host instead of leaving them pending', async () => {
    const host = start(1);
    await host.api.close('warm-up');
    await host.close();
    await expect(host.api.snapshot('any')).rejects.toThrow(/closed|gone/);
  });
});
