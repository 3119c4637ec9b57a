import { describe, expect, it } from 'vitest';
import { PlaygroundRunner, type WorkerLike } from './playground-runner.js';
import type { FromWorker, ToWorker } from './protocol.js';
import type { ScriptErrorInfo } from './script-errors.js';
import type { Timers } from './watchdog.js';

/** Timers driven by hand: `advance(ms)` fires what is due. */
function fakeTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = nextId++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void pending.delete(id as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at))
      if (t.at <= now && pending.has(id)) {
        pending.delete(id);
        t.fn();
      }
  };
  return { timers, advance };
}

/** A worker that never answers unless the test makes it, like one stuck in user code. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  sent: ToWorker[] = [];
  terminated = false;
  postMessage(message: ToWorker) {
    this.sent.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  emit(message: FromWorker) {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
}

const frame = {
  time: 1,
  endTime: 10,
  cars: [],
  carInfo: [],
  queues: [],
  calls: [],
  waiting: 0,
  riding: 0,
  kpis: {} as never,
};

function setup() {
  const { timers, advance } = fakeTimers();
  const workers: FakeWorker[] = [];
  const errors: ScriptErrorInfo[] = [];
  const frames: number[] = [];
  const runner = new PlaygroundRunner(
    { onError: (e) => errors.push(e), onFrame: (f) => frames.push(f.time) },
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    timers,
    4000,
    30_000,
  );
  return { runner, workers, errors, frames, advance };
}

const inputs = { building: {} as never, traffic: {} as never, duration: 60, warmUp: 0, seed: 1 };

describe('playground runner watchdog', () => {
  it('terminates a worker that stops answering and reports a timeout', () => {
    const { runner, workers, errors, advance } = setup();
    runner.live('export default () => { while (true) {} }', inputs, 1);
    expect(workers[0]!.sent[0]!.type).toBe('live');
    workers[0]!.emit({ type: 'ready' });
    advance(3999);
    expect(workers[0]!.terminated).toBe(false);
    advance(1);
    expect(workers[0]!.terminated).toBe(true);
    expect(errors).toEqual([expect.objectContaining({ kind: 'timeout' })]);
    expect(errors[0]!.message).toMatch(/endless loop/);
    expect(runner.running).toBe(false);
  });

  it('keeps a worker that sends frames alive, and stops watching while paused', () => {
    const { runner, workers, errors, frames, advance } = setup();
    runner.live('…', inputs, 1);
    workers[0]!.emit({ type: 'ready' });
    for (let i = 0; i < 10; i++) {
      advance(3000);
      workers[0]!.emit({ type: 'frame', frame: { ...frame, time: i } });
    }
    expect(frames).toHaveLength(10);
    runner.pause(true);
    advance(60_000);
    expect(errors).toEqual([]);
    runner.pause(false);
    advance(4000);
    expect(errors.map((e) => e.kind)).toEqual(['timeout']);
  });

  it('gives a loading worker the startup timeout, then the short one once it is ready', () => {
    const { runner, workers, errors, advance } = setup();
    runner.compare({ ...inputs, script: '…', builtins: [], seeds: [1] });
    advance(29_000);
    expect(workers[0]!.terminated).toBe(false);
    workers[0]!.emit({ type: 'ready' });
    advance(3999);
    expect(errors).toEqual([]);
    advance(1);
    expect(errors.map((e) => e.kind)).toEqual(['timeout']);

    runner.compare({ ...inputs, script: '…', builtins: [], seeds: [1] });
    advance(30_000);
    expect(workers[1]!.terminated).toBe(true);
    expect(errors[1]!.message).toMatch(/did not start within 30 s/);
  });

  it('passes on script errors from the worker and ignores messages of a replaced worker', () => {
    const { runner, workers, errors, frames, advance } = setup();
    runner.live('…', inputs, 1);
    runner.compare({ ...inputs, script: '…', builtins: [], seeds: [1] });
    expect(workers[0]!.terminated).toBe(true);
    workers[0]!.emit({ type: 'frame', frame });
    expect(frames).toEqual([]);
    workers[1]!.emit({ type: 'error', error: { kind: 'invalid-choice', message: 'returned 9', line: 4 } });
    expect(errors).toEqual([{ kind: 'invalid-choice', message: 'returned 9', line: 4 }]);
    advance(10_000);
    expect(errors).toHaveLength(1);
  });
});
