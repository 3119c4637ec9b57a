import type { LiveFrame } from '@hoistway/shared-types';
import type { HostEvent, HostOptions, HostReplies, HostRequest, SerializedError } from './host-protocol.js';
import { systemClock, type LiveClock } from './live-clock.js';
import { LiveError, notFound } from './live-error.js';
import type { SessionCheckpoint } from '../repositories/sessions.js';
import { SessionRunner, type SimulationFactory } from './session-runner.js';

/**
 * Runs live sessions on one thread: a loop at the frame rate advances every running session to the
 * wall clock, gives "as fast as possible" sessions a bounded time slice, and emits frames (watched
 * sessions only), checkpoints and completions. The same class runs inside a worker thread or in-process.
 */
export class HostCore {
  private readonly runners = new Map<string, SessionRunner>();
  private readonly watched = new Set<string>();
  /** Sessions changed by a control since the last frame (a step moves a paused session). */
  private readonly dirty = new Set<string>();
  private stopTimer: (() => void) | null = null;
  private lastCheckpointMs: number;
  /** Sim time of each running session's last checkpoint from this host. */
  private readonly checkpointedAt = new Map<string, number>();

  constructor(
    private readonly options: HostOptions,
    private readonly createSimulation: SimulationFactory,
    private readonly emit: (event: HostEvent) => void,
    private readonly clock: LiveClock = systemClock,
  ) {
    this.lastCheckpointMs = clock.now();
  }

  start(): void {
    if (this.stopTimer) return;
    this.stopTimer = this.clock.every(1000 / this.options.frameRate, () => this.tick());
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  get sessionCount(): number {
    return this.runners.size;
  }

  handle<K extends HostRequest['kind']>(request: Extract<HostRequest, { kind: K }>): HostReplies[K];
  handle(request: HostRequest): HostReplies[HostRequest['kind']] {
    switch (request.kind) {
      case 'open': {
        const runner = new SessionRunner(request.init, this.createSimulation, this.clock.now());
        this.runners.set(runner.sessionId, runner);
        return { state: runner.state() };
      }
      case 'control': {
        const runner = this.runner(request.sessionId);
        const outcome = runner.control(request.control, this.clock.now());
        this.dirty.add(runner.sessionId);
        return outcome;
      }
      case 'snapshot': {
        const runner = this.runner(request.sessionId);
        return { state: runner.state(), snapshot: runner.snapshot() };
      }
      case 'results':
        return this.runner(request.sessionId).results();
      case 'passengers':
        return this.runner(request.sessionId).passengerRecords();
      case 'checkpoint':
        return this.runner(request.sessionId).checkpoint();
      case 'watch':
        if (request.watched) this.watched.add(request.sessionId);
        else this.watched.delete(request.sessionId);
        return null;
      case 'close':
        this.runners.delete(request.sessionId);
        this.checkpointedAt.delete(request.sessionId);
        this.watched.delete(request.sessionId);
        this.dirty.delete(request.sessionId);
        return null;
    }
  }

  /** One frame period: advance, then frames, then checkpoints (by wall time and by sim time). */
  tick(): void {
    const now = this.clock.now();
    const fast: SessionRunner[] = [];
    for (const runner of this.runners.values()) {
      if (!runner.isActive) continue;
      if (runner.speed === 'max') fast.push(runner);
      else this.guard(runner, () => runner.catchUp(now));
    }
    if (fast.length > 0) {
      // Share the budget so real-time sessions on this thread still get their frame period.
      const slice = this.options.fastBudgetMs / fast.length;
      for (const runner of fast) {
        const deadline = this.clock.now() + slice;
        this.guard(runner, () => runner.runUntil(deadline, () => this.clock.now()));
      }
    }
    const frames: LiveFrame[] = [];
    for (const id of this.watched) {
      const runner = this.runners.get(id);
      if (!runner || !(runner.isActive || this.dirty.has(id))) continue;
      try {
        frames.push(runner.frame(this.options.frameRate)); // KPIs about once a second
      } catch (err) {
        this.fail(runner, err);
      }
    }
    this.dirty.clear();
    if (frames.length > 0) this.emit({ kind: 'frames', frames });
    // Every checkpointMs of wall time, or sooner for a session whose sim clock moved on by
    // checkpointSimSeconds (at 1000× two wall seconds are half an hour of sim time).
    const wallDue = now - this.lastCheckpointMs >= this.options.checkpointMs;
    if (wallDue) this.lastCheckpointMs = now;
    const checkpoints: SessionCheckpoint[] = [];
    for (const runner of this.runners.values()) {
      if (!runner.isActive) continue;
      const last = this.checkpointedAt.get(runner.sessionId) ?? runner.openedAt;
      if (!wallDue && runner.time - last < this.options.checkpointSimSeconds) continue;
      this.checkpointedAt.set(runner.sessionId, runner.time);
      checkpoints.push(runner.checkpoint());
    }
    if (checkpoints.length > 0) this.emit({ kind: 'checkpoints', checkpoints });
  }

  /** Runs a step of one session; a finished run is reported, an engine error fails only that session. */
  private guard(runner: SessionRunner, step: () => boolean): void {
    try {
      if (step()) {
        this.dirty.add(runner.sessionId);
        this.emit({
          kind: 'finished',
          sessionId: runner.sessionId,
          results: runner.results(),
          checkpoint: runner.checkpoint(),
        });
      }
    } catch (err) {
      this.fail(runner, err);
    }
  }

  private fail(runner: SessionRunner, err: unknown): void {
    this.runners.delete(runner.sessionId);
    this.checkpointedAt.delete(runner.sessionId);
    this.watched.delete(runner.sessionId);
    this.emit({
      kind: 'failed',
      sessionId: runner.sessionId,
      message: err instanceof Error ? err.message : String(err),
    });
  }

  private runner(sessionId: string): SessionRunner {
    const runner = this.runners.get(sessionId);
    if (!runner) throw notFound(sessionId);
    return runner;
  }
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof LiveError) return { live: true, ...err.toJSON() };
  return { live: false, message: err instanceof Error ? err.message : String(err) };
}

export function deserializeError(error: SerializedError): Error {
  return error.live ? LiveError.fromJSON(error) : new Error(error.message);
}
