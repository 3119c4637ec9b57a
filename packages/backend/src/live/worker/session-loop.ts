import type { LiveFrame } from '@hoistway/shared-types';
import type { HostApi, HostEvent, HostOptions } from '../host-api.js';
import { systemClock, type LiveClock } from '../live-clock.js';
import { notFound } from '../live-error.js';
import type { SessionCheckpoint } from '../../repositories/sessions.js';
import { SessionRunner, type RunnerInit, type SimulationFactory } from './session-runner.js';
import type { SessionControl } from '@hoistway/shared-types';

/**
 * Runs the live sessions of one host thread: a loop at the frame rate advances every running session
 * (a `SessionRunner` each) to the wall clock, gives "as fast as possible" sessions a bounded time
 * slice, and emits frames (watched sessions only), checkpoints and completions. The same class runs
 * inside a worker thread or, with workers = 0, on the main thread. It serves `HostApi`.
 */
export class SessionLoop implements HostApi {
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

  open(init: RunnerInit): ReturnType<HostApi['open']> {
    const runner = new SessionRunner(init, this.createSimulation, this.clock.now());
    this.runners.set(runner.sessionId, runner);
    return { state: runner.state() };
  }

  control(sessionId: string, control: SessionControl): ReturnType<HostApi['control']> {
    const outcome = this.runner(sessionId).control(control, this.clock.now());
    this.dirty.add(sessionId);
    return outcome;
  }

  snapshot(sessionId: string): ReturnType<HostApi['snapshot']> {
    const runner = this.runner(sessionId);
    return { state: runner.state(), snapshot: runner.snapshot() };
  }

  results(sessionId: string): ReturnType<HostApi['results']> {
    return this.runner(sessionId).results();
  }

  passengers(sessionId: string): ReturnType<HostApi['passengers']> {
    return this.runner(sessionId).passengerRecords();
  }

  checkpoint(sessionId: string): ReturnType<HostApi['checkpoint']> {
    return this.runner(sessionId).checkpoint();
  }

  watch(sessionId: string, watched: boolean): void {
    if (watched) this.watched.add(sessionId);
    else this.watched.delete(sessionId);
  }

  close(sessionId: string): void {
    this.runners.delete(sessionId);
    this.checkpointedAt.delete(sessionId);
    this.watched.delete(sessionId);
    this.dirty.delete(sessionId);
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
