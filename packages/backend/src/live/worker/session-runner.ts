import type {
  KpiSummary,
  LiveFrame,
  LiveSessionState,
  LiveSpeed,
  LiveStatus,
  SessionControl,
  SimulationCommand,
  SimulationResults,
  SimulationSnapshot,
} from '@hoistway/shared-types';
import { isEndedStatus } from '@hoistway/shared-types';
import type { CommandLogEntry, SessionCheckpoint, SessionSpec } from '../../repositories/sessions.js';
import { advanceApplyingLog } from './command-log.js';
import { encodeFrame, PassengerEventBatch } from './frame-encoder.js';
import { conflict, LiveError } from '../live-error.js';
import type { LiveSimulation, PassengerEventSink } from './live-simulation.js';

export type SimulationFactory = (spec: SessionSpec, onPassengerEvent: PassengerEventSink) => LiveSimulation;

export interface RunnerInit {
  spec: SessionSpec;
  /** The session's command log so far (replayed while rebuilding). */
  log: CommandLogEntry[];
  /** Sim time of the last checkpoint; the rebuild goes at least this far (and past the last logged command). */
  resumeAt: number;
  status: LiveStatus;
  speed: LiveSpeed;
}

export interface ControlOutcome {
  state: LiveSessionState;
  /** The command applied, stamped with its sim time (to append to the stored log). */
  logEntry: CommandLogEntry | null;
  /** Set when the control ended the session. */
  results: SimulationResults | null;
  checkpoint: SessionCheckpoint;
}

/** Wall milliseconds a single "as fast as possible" chunk should take (keeps time slices fair). */
const TARGET_CHUNK_MS = 2;

/**
 * One live session's simulation and clock. Pure and synchronous: the host (a worker thread or the
 * main thread) calls it from its loop, so the same code runs wherever the session lives. The sim
 * clock follows the wall clock from an anchor: simTime = anchorSim + (now - anchorWall) × speed.
 */
export class SessionRunner {
  readonly sessionId: string;
  private readonly sim: LiveSimulation;
  private readonly log: CommandLogEntry[];
  private readonly events = new PassengerEventBatch();
  private statusValue: LiveStatus;
  private speedValue: LiveSpeed;
  private dispatcherName: string;
  /** The sim time the simulation has been advanced to (commands are stamped with it). */
  private clock = 0;
  /** Index of the first log entry not applied to the simulation yet. */
  private cursor = 0;
  private anchorWallMs = 0;
  private anchorSim = 0;
  private seq = 0;
  private lastKpis: KpiSummary | null = null;
  private kpisStale = true;
  /** The sim time the session was rebuilt to when it was opened (its last stored state). */
  readonly openedAt: number;
  /** Sim seconds per "as fast as possible" chunk, adapted to the measured cost. */
  private chunkSeconds = 30;

  constructor(init: RunnerInit, createSimulation: SimulationFactory, nowMs: number) {
    this.sessionId = init.spec.sessionId;
    this.sim = createSimulation(init.spec, (e) => this.events.push(e));
    this.log = [...init.log];
    this.statusValue = init.status;
    this.speedValue = init.speed;
    this.dispatcherName = init.spec.config.dispatcher.name;
    for (const entry of this.log)
      if (entry.command.type === 'dispatcher') this.dispatcherName = entry.command.dispatcher.name;
    // Every logged command was acknowledged, so the session had reached its time: rebuild up to there.
    const lastCommandTime = this.log.length > 0 ? this.log[this.log.length - 1]!.time : 0;
    this.advance(Math.max(init.resumeAt, lastCommandTime));
    this.openedAt = this.clock;
    this.events.take(); // replayed events were shown before the restart
    if (this.statusValue === 'running' && this.sim.finished) this.statusValue = 'finished';
    this.anchor(nowMs);
  }

  get status(): LiveStatus {
    return this.statusValue;
  }

  get speed(): LiveSpeed {
    return this.speedValue;
  }

  get time(): number {
    return this.clock;
  }

  get isActive(): boolean {
    return this.statusValue === 'running';
  }

  state(): LiveSessionState {
    return {
      sessionId: this.sessionId,
      status: this.statusValue,
      speed: this.speedValue,
      time: this.clock,
      endTime: this.sim.endTime,
      dispatcher: this.dispatcherName,
      commands: this.log.length,
    };
  }

  snapshot(): SimulationSnapshot {
    return this.sim.snapshot();
  }

  /** The stored snapshot reuses the KPIs of the latest frame when there is one (at most a second old). */
  checkpoint(): SessionCheckpoint {
    return {
      sessionId: this.sessionId,
      time: this.clock,
      status: this.statusValue,
      speed: this.speedValue,
      snapshot: this.sim.snapshot(
        this.kpisStale || !this.isActive ? undefined : (this.lastKpis ?? undefined),
      ),
    };
  }

  results(): SimulationResults {
    return this.sim.results();
  }

  passengerRecords() {
    return this.sim.passengerRecords();
  }

  /** Real-time sessions: brings the sim clock to wall time `nowMs`. Returns true when this finished the run. */
  catchUp(nowMs: number): boolean {
    if (this.statusValue !== 'running' || this.speedValue === 'max') return false;
    const target = this.anchorSim + ((nowMs - this.anchorWallMs) / 1000) * this.speedValue;
    this.advance(Math.min(target, this.sim.endTime));
    return this.finishIfDone();
  }

  /** "As fast as possible": simulates until the wall clock passes `deadlineMs`. Returns true when finished. */
  runUntil(deadlineMs: number, now: () => number): boolean {
    if (this.statusValue !== 'running' || this.speedValue !== 'max') return false;
    while (!this.sim.finished && now() < deadlineMs) {
      const start = now();
      this.advance(Math.min(this.clock + this.chunkSeconds, this.sim.endTime));
      const took = Math.max(now() - start, 0.05);
      this.chunkSeconds = Math.min(3600, Math.max(0.5, this.chunkSeconds * (TARGET_CHUNK_MS / took)));
      if (this.clock >= this.sim.endTime) break;
    }
    return this.finishIfDone();
  }

  /**
   * The next frame: the simulation now and the passenger events since the previous frame. KPIs are
   * recomputed every `kpiEvery` frames (and after a control); frames in between repeat the last ones.
   */
  frame(kpiEvery: number): LiveFrame {
    this.seq++;
    const refresh = this.lastKpis === null || this.kpisStale || this.seq % kpiEvery === 0 || !this.isActive;
    const snapshot = this.sim.snapshot(refresh ? undefined : this.lastKpis!);
    this.lastKpis = snapshot.kpis;
    this.kpisStale = false;
    return encodeFrame(
      { sessionId: this.sessionId, seq: this.seq, status: this.statusValue, speed: this.speedValue },
      snapshot,
      this.events.take(),
    );
  }

  /** Applies a control at wall time `nowMs`; throws LiveError when it does not apply in this state. */
  control(control: SessionControl, nowMs: number): ControlOutcome {
    // Bring a running session up to "now" first, so the control takes effect at the time viewers see.
    if (this.statusValue === 'running') this.catchUp(nowMs);
    let logEntry: CommandLogEntry | null = null;
    const wasFinished = this.isOver();
    switch (control.type) {
      case 'start':
      case 'resume':
        this.requireNotOver(control.type);
        this.statusValue = 'running';
        this.anchor(nowMs);
        break;
      case 'pause':
        this.requireNotOver(control.type);
        this.statusValue = 'paused';
        break;
      case 'step':
        this.requireNotOver(control.type);
        if (this.statusValue === 'running') throw conflict('pause the session before stepping it');
        this.advance(Math.min(this.clock + control.seconds, this.sim.endTime));
        this.statusValue = 'paused';
        this.finishIfDone();
        break;
      case 'speed':
        this.requireNotOver(control.type);
        this.speedValue = control.speed;
        this.anchor(nowMs);
        break;
      case 'stop':
        this.requireNotOver(control.type);
        this.statusValue = 'stopped';
        break;
      default:
        this.requireNotOver(control.type);
        logEntry = this.applyCommand(control);
    }
    this.kpisStale = true;
    const results = !wasFinished && this.isOver() ? this.sim.results() : null;
    return { state: this.state(), logEntry, results, checkpoint: this.checkpoint() };
  }

  private applyCommand(command: SimulationCommand): CommandLogEntry {
    try {
      this.sim.command(command);
    } catch (err) {
      // The engine rejects bad floors with a RangeError before changing anything.
      if (err instanceof RangeError)
        throw new LiveError(400, 'Bad Request', err.message, [{ path: 'control', message: err.message }]);
      throw err;
    }
    const entry = { time: this.clock, command };
    this.log.push(entry);
    this.cursor = this.log.length;
    if (command.type === 'dispatcher') this.dispatcherName = command.dispatcher.name;
    return entry;
  }

  private requireNotOver(action: string): void {
    if (this.isOver()) throw conflict(`session ${this.sessionId} has ${this.statusValue}; cannot ${action}`);
  }

  private isOver(): boolean {
    return isEndedStatus(this.statusValue);
  }

  private finishIfDone(): boolean {
    if (!this.isOver() && this.sim.finished) {
      this.statusValue = 'finished';
      return true;
    }
    return false;
  }

  private advance(target: number): void {
    if (target < this.clock) return;
    this.cursor = advanceApplyingLog(this.sim, this.log, this.cursor, target);
    this.clock = target;
  }

  private anchor(nowMs: number): void {
    this.anchorWallMs = nowMs;
    this.anchorSim = this.clock;
  }
}
