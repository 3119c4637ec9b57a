import type { RunProgressMessage } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { followRunProgress } from './run-progress.js';

/** A stand-in socket: records what is emitted and lets the test deliver events. */
function fakeSocket(connected: boolean) {
  const handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  const emitted: { event: string; payload: unknown }[] = [];
  let ackWith: unknown = { ok: true, progress: { runId: 'r1', status: 'running', done: 1, total: 4 } };
  const socket = {
    connected,
    on(event: string, fn: (...args: unknown[]) => void) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(fn);
      return socket;
    },
    off(event: string, fn: (...args: unknown[]) => void) {
      handlers.get(event)?.delete(fn);
      return socket;
    },
    emit(event: string, payload: unknown, ack?: (res: unknown) => void) {
      emitted.push({ event, payload });
      ack?.(ackWith);
      return socket;
    },
  };
  return {
    socket,
    emitted,
    fire: (event: string, ...args: unknown[]) => handlers.get(event)?.forEach((fn) => fn(...args)),
    answer: (res: unknown) => (ackWith = res),
    listeners: (event: string) => handlers.get(event)?.size ?? 0,
  };
}

describe('followRunProgress', () => {
  it('subscribes now and on every reconnect, passes on only its run, and stops cleanly', () => {
    const fake = fakeSocket(true);
    const seen: RunProgressMessage[] = [];
    const stop = followRunProgress(fake.socket as never, 'r1', (m) => seen.push(m));
    expect(fake.emitted).toEqual([{ event: 'subscribeRun', payload: { runId: 'r1' } }]);
    expect(seen).toEqual([{ runId: 'r1', status: 'running', done: 1, total: 4 }]);

    fake.fire('runProgress', { runId: 'other', status: 'running', done: 3, total: 9 });
    fake.fire('runProgress', { runId: 'r1', status: 'running', done: 2, total: 4 });
    expect(seen.map((m) => m.done)).toEqual([1, 2]);

    // After a reconnect the server has forgotten the subscription: it is made again.
    fake.answer({ ok: true, progress: { runId: 'r1', status: 'finished', done: 4, total: 4 } });
    fake.fire('connect');
    expect(fake.emitted.filter((e) => e.event === 'subscribeRun')).toHaveLength(2);
    expect(seen.at(-1)).toEqual({ runId: 'r1', status: 'finished', done: 4, total: 4 });

    stop();
    expect(fake.emitted.at(-1)).toEqual({ event: 'unsubscribeRun', payload: { runId: 'r1' } });
    expect(fake.listeners('runProgress')).toBe(0);
    expect(fake.listeners('connect')).toBe(0);
  });

  it('waits for the connection before subscribing, and ignores a refused subscription', () => {
    const fake = fakeSocket(false);
    const seen: RunProgressMessage[] = [];
    followRunProgress(fake.socket as never, 'r1', (m) => seen.push(m));
    expect(fake.emitted).toEqual([]);
    fake.answer({ ok: false, error: 'Not Found', message: 'run r1 not found' });
    fake.fire('connect');
    expect(fake.emitted).toHaveLength(1);
    expect(seen).toEqual([]);
  });
});
