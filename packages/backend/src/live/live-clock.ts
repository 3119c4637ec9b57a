import { performance } from 'node:perf_hooks';

/**
 * The wall clock a session host runs on: where it reads the time and how it is called every frame
 * period. Production uses the system clock; tests hosting sessions in-process (LIVE_WORKERS=0) pass a
 * `ManualClock` and move time themselves, so nothing they assert depends on how fast the machine is.
 */
export interface LiveClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `tick` every `periodMs`; the returned function stops it. */
  every(periodMs: number, tick: () => void): () => void;
}

export const systemClock: LiveClock = {
  now: () => performance.now(),
  every(periodMs, tick) {
    const timer = setInterval(tick, periodMs);
    return () => clearInterval(timer);
  },
};

/** A clock that moves only when told to: `advance(ms)` runs every tick that falls due on the way. */
export class ManualClock implements LiveClock {
  private time = 0;
  private readonly timers = new Set<{ periodMs: number; next: number; tick: () => void }>();

  now(): number {
    return this.time;
  }

  every(periodMs: number, tick: () => void): () => void {
    const timer = { periodMs, next: this.time + periodMs, tick };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Moves time forward by `ms`, running due ticks in time order (each sees `now()` at its due time). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: { periodMs: number; next: number; tick: () => void } | undefined;
      for (const t of this.timers) if (t.next <= end && (!due || t.next < due.next)) due = t;
      if (!due) break;
      this.time = due.next;
      due.next += due.periodMs;
      due.tick();
    }
    this.time = end;
  }
}
