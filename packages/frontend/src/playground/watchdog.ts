/**
 * The page-side watchdog of the playground worker: armed while the worker should be working, kicked by
 * every message it sends; silence for `timeoutMs` means user code is stuck (an endless loop the loop
 * guard could not stop, e.g. one that catches the guard's error), and `onTimeout` terminates the worker.
 * Timers are injectable so tests drive it without waiting.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Watchdog {
  private handle: unknown = null;

  constructor(
    private readonly timeoutMs: number,
    private readonly onTimeout: () => void,
    private readonly timers: Timers = browserTimers,
  ) {}

  get armed(): boolean {
    return this.handle !== null;
  }

  /** (Re)start the countdown (`ms` overrides the timeout once, e.g. while the worker loads). */
  kick(ms = this.timeoutMs): void {
    this.stop();
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.onTimeout();
    }, ms);
  }

  stop(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }
}
