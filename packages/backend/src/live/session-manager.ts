import type {
  LiveFrame,
  LiveSessionState,
  LiveSnapshotMessage,
  PassengerRecord,
  RunProgressMessage,
  SessionControl,
  SimulationResults,
} from '@hoistway/shared-types';
import { isEndedStatus } from '@hoistway/shared-types';
import type { HostEvent } from './host-protocol.js';
import { HostLostError, HostPool, type SessionHost } from './host-pool.js';
import { conflict, LiveError, notFound } from './live-error.js';
import type { Checkpoint } from './session-runner.js';
import type { LiveSessionStore, StoredSession } from './session-store.js';

/** Where the manager pushes what viewers should see (the Socket.IO plugin implements it). */
export interface LiveSink {
  frames(frames: LiveFrame[]): void;
  state(state: LiveSessionState): void;
  snapshot(sessionId: string, message: LiveSnapshotMessage): void;
  finished(sessionId: string, results: SimulationResults): void;
  runProgress(message: RunProgressMessage): void;
}

export interface SessionManagerOptions {
  store: LiveSessionStore;
  /** Worker threads hosting sessions; 0 runs them on the main thread. */
  workers: number;
  frameRate: number;
  checkpointMs: number;
  /** Per frame period, wall ms a host may spend on "as fast as possible" sessions. */
  fastBudgetMs: number;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Completes a control before it runs (learned dispatchers: the model's weights); throws LiveError. */
  resolveControl?: (control: SessionControl) => Promise<SessionControl>;
}

interface LoadedSession {
  host: SessionHost;
  viewers: number;
  /** Controls under way (a session is never unloaded in the middle of one). */
  controlling: number;
}

/** Frames handed to the sink per event-loop turn. */
const FRAMES_PER_SLICE = 40;

const silentSink: LiveSink = {
  frames: () => {},
  state: () => {},
  snapshot: () => {},
  finished: () => {},
  runProgress: () => {},
};

/**
 * The one place live sessions are controlled from — Socket.IO handlers and REST routes alike. It
 * keeps running sessions on worker-thread hosts, writes checkpoints, commands and outcomes to the
 * database (a control is acknowledged only once stored), and resumes running sessions at start-up.
 */
export class SessionManager {
  private readonly pool: HostPool;
  private readonly loaded = new Map<string, LoadedSession>();
  private readonly opening = new Map<string, Promise<LoadedSession | null>>();
  /**
   * Sessions rebuilt on a host just to answer a question (results, passengers): a host keys runners
   * by session id, so loading the same session for real waits until the transient one is closed.
   */
  private readonly transients = new Map<string, Promise<unknown>>();
  /** Per-session chain of database writes, so they land in the order they happened. */
  private readonly writes = new Map<string, Promise<void>>();
  private sink: LiveSink = silentSink;
  private closed = false;

  constructor(private readonly options: SessionManagerOptions) {
    this.pool = new HostPool({
      workers: options.workers,
      frameRate: options.frameRate,
      checkpointMs: options.checkpointMs,
      fastBudgetMs: options.fastBudgetMs,
      onEvent: (event) => this.onHostEvent(event),
      onHostLost: (_host, ids, error) => this.onHostLost(ids, error),
    });
  }

  get frameRate(): number {
    return this.options.frameRate;
  }

  setSink(sink: LiveSink): void {
    this.sink = sink;
  }

  /** Number of sessions in memory (running, paused or created ones someone looked at). */
  get loadedCount(): number {
    return this.loaded.size;
  }

  /** Start-up: every session stored as running resumes from its last checkpoint. */
  async resumeRunning(): Promise<string[]> {
    const ids = await this.options.store.runningIds();
    await Promise.all(ids.map((id) => this.ensureLoaded(id)));
    if (ids.length > 0) this.options.log?.info({ sessions: ids.length }, 'resumed running live sessions');
    return ids;
  }

  /** A viewer joins: the full picture now. Counts the viewer so frames are produced for it. */
  async join(sessionId: string): Promise<LiveSnapshotMessage> {
    const session = await this.acquire(sessionId, (s) => s.viewers++);
    if (!session) return this.storedSnapshot(sessionId);
    if (session.viewers === 1) await session.host.request({ kind: 'watch', sessionId, watched: true });
    const { state, snapshot } = await session.host.request({ kind: 'snapshot', sessionId });
    return { state, snapshot, frameRate: this.options.frameRate };
  }

  async leave(sessionId: string): Promise<void> {
    const session = this.loaded.get(sessionId);
    if (!session || session.viewers === 0) return;
    session.viewers--;
    if (session.viewers > 0) return;
    await session.host.request({ kind: 'watch', sessionId, watched: false }).catch(() => {});
    await this.unloadIfIdle(sessionId, session);
  }

  /**
   * The last viewer left a session that is not running (created or paused): it leaves memory. Every
   * change of such a session was stored when it happened, so it reloads as it was on the next join.
   */
  private async unloadIfIdle(sessionId: string, session: LoadedSession): Promise<void> {
    const idle = () =>
      session.viewers === 0 && session.controlling === 0 && this.loaded.get(sessionId) === session;
    if (!idle()) return;
    const status = await session.host
      .request({ kind: 'snapshot', sessionId })
      .then((s) => s.state.status)
      .catch(() => null);
    if (status !== null && status !== 'running' && idle()) await this.unload(sessionId);
  }

  /** Applies a control; resolves once it is stored, and every viewer has been told. */
  async control(sessionId: string, given: SessionControl): Promise<LiveSessionState> {
    const control = this.options.resolveControl ? await this.options.resolveControl(given) : given;
    const session = await this.acquire(sessionId, (s) => s.controlling++);
    if (!session) {
      const stored = await this.loadStored(sessionId);
      throw conflict(`session ${sessionId} has ${stored.status}; cannot ${control.type}`);
    }
    let outcome;
    let exists = true;
    try {
      outcome = await session.host.request({ kind: 'control', sessionId, control });
      const { logEntry, results, checkpoint } = outcome;
      await this.write(sessionId, async () => {
        if (logEntry) await this.options.store.appendCommand(sessionId, logEntry);
        if (results) await this.options.store.finish(checkpoint, results);
        else exists = await this.options.store.saveCheckpoint(checkpoint);
      });
    } finally {
      session.controlling--;
    }
    if (!exists) {
      await this.unload(sessionId);
      throw notFound(sessionId);
    }
    this.sink.state(outcome.state);
    if (outcome.results) await this.onFinished(sessionId, outcome.results);
    return outcome.state;
  }

  /** KPIs so far (final once finished). */
  async results(sessionId: string): Promise<{ state: LiveSessionState | null; results: SimulationResults }> {
    const session = this.loaded.get(sessionId);
    if (session) {
      const [results, snap] = await Promise.all([
        session.host.request({ kind: 'results', sessionId }),
        session.host.request({ kind: 'snapshot', sessionId }),
      ]);
      return { state: snap.state, results };
    }
    const stored = await this.loadStored(sessionId);
    if (stored.results) return { state: null, results: stored.results };
    return this.withTransient(stored, async (host) => ({
      state: (await host.request({ kind: 'snapshot', sessionId })).state,
      results: await host.request({ kind: 'results', sessionId }),
    }));
  }

  /** Per-passenger records so far; a session not in memory is replayed from its inputs and log. */
  async passengers(sessionId: string): Promise<PassengerRecord[]> {
    const session = this.loaded.get(sessionId);
    if (session) return session.host.request({ kind: 'passengers', sessionId });
    const stored = await this.loadStored(sessionId);
    return this.withTransient(stored, (host) => host.request({ kind: 'passengers', sessionId }));
  }

  /** Pushes run progress to the clients subscribed to that run. */
  publishRunProgress(message: RunProgressMessage): void {
    this.sink.runProgress(message);
  }

  /** Graceful stop: a last checkpoint of every running session (they stay `running`, so they resume). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(
      [...this.loaded.entries()].map(async ([sessionId, session]) => {
        try {
          const cp = await session.host.request({ kind: 'checkpoint', sessionId });
          if (cp.status === 'running')
            await this.write(sessionId, async () => void (await this.options.store.saveCheckpoint(cp)));
        } catch (err) {
          this.options.log?.error({ err, sessionId }, 'final checkpoint failed');
        }
      }),
    );
    await Promise.all(this.writes.values());
    await this.pool.close();
  }

  /**
   * The loaded session, marked as in use (`use` runs in the same turn as the check), so an idle unload
   * of a session nobody watched cannot take it away between loading and using it.
   */
  private async acquire(
    sessionId: string,
    use: (session: LoadedSession) => void,
  ): Promise<LoadedSession | null> {
    for (;;) {
      const session = await this.ensureLoaded(sessionId);
      if (!session) return null;
      if (this.loaded.get(sessionId) === session) {
        use(session);
        return session;
      }
    }
  }

  private async ensureLoaded(sessionId: string): Promise<LoadedSession | null> {
    const existing = this.loaded.get(sessionId);
    if (existing) return existing;
    let pending = this.opening.get(sessionId);
    if (!pending) {
      const transient = this.transients.get(sessionId);
      pending = (transient ? transient.then(() => this.open(sessionId)) : this.open(sessionId)).finally(() =>
        this.opening.delete(sessionId),
      );
      this.opening.set(sessionId, pending);
    }
    return pending;
  }

  /** Loads a session into a host; finished and failed sessions stay in the database only. */
  private async open(sessionId: string): Promise<LoadedSession | null> {
    if (this.closed) throw new LiveError(503, 'Service Unavailable', 'live sessions are shutting down');
    const stored = await this.loadStored(sessionId);
    if (isEndedStatus(stored.status)) return null;
    const host = this.pool.leastLoaded();
    host.sessions.add(sessionId);
    try {
      await host.request({
        kind: 'open',
        init: {
          spec: stored.spec,
          log: stored.commandLog,
          resumeAt: stored.simTime,
          status: stored.status,
          speed: stored.speed,
        },
      });
    } catch (err) {
      host.sessions.delete(sessionId);
      if (err instanceof LiveError) throw err;
      if (err instanceof HostLostError)
        throw new LiveError(503, 'Service Unavailable', 'live session worker restarting; try again');
      // The inputs cannot be simulated (e.g. traffic that no car serves): the session fails for good.
      await this.options.store.markFailed(sessionId);
      throw new LiveError(409, 'Conflict', `session ${sessionId} cannot run: ${(err as Error).message}`);
    }
    const session: LoadedSession = { host, viewers: 0, controlling: 0 };
    this.loaded.set(sessionId, session);
    return session;
  }

  private async loadStored(sessionId: string): Promise<StoredSession> {
    const stored = await this.options.store.load(sessionId);
    if (!stored) throw notFound(sessionId);
    return stored;
  }

  private async storedSnapshot(sessionId: string): Promise<LiveSnapshotMessage> {
    const stored = await this.loadStored(sessionId);
    const state = (snapshotState: {
      time: number;
      endTime: number;
      dispatcher: string;
    }): LiveSessionState => ({
      sessionId,
      status: stored.status,
      speed: stored.speed,
      time: snapshotState.time,
      endTime: snapshotState.endTime,
      dispatcher: snapshotState.dispatcher,
      commands: stored.commandLog.length,
    });
    if (stored.snapshot) {
      const endTime = stored.results?.endTime ?? stored.simTime;
      return {
        state: state({ time: stored.simTime, endTime, dispatcher: stored.snapshot.dispatcher }),
        snapshot: stored.snapshot,
        frameRate: this.options.frameRate,
      };
    }
    return this.withTransient(stored, async (host) => {
      const { state: s, snapshot } = await host.request({ kind: 'snapshot', sessionId });
      return { state: { ...s, status: stored.status }, snapshot, frameRate: this.options.frameRate };
    });
  }

  /** Rebuilds a stored session on a host just long enough to ask it something (deterministic replay). */
  private async withTransient<T>(stored: StoredSession, use: (host: SessionHost) => Promise<T>): Promise<T> {
    const sessionId = stored.spec.sessionId;
    if (this.loaded.has(sessionId) || this.opening.has(sessionId) || this.transients.has(sessionId))
      throw conflict(`session ${sessionId} is busy; try again`);
    const host = this.pool.leastLoaded();
    const work = (async () => {
      await host.request({
        kind: 'open',
        init: {
          spec: stored.spec,
          log: stored.commandLog,
          resumeAt: stored.simTime,
          status: 'paused',
          speed: stored.speed,
        },
      });
      try {
        return await use(host);
      } finally {
        await host.request({ kind: 'close', sessionId }).catch(() => {});
      }
    })();
    const settled = work.then(
      () => {},
      () => {},
    );
    this.transients.set(sessionId, settled);
    try {
      return await work;
    } finally {
      if (this.transients.get(sessionId) === settled) this.transients.delete(sessionId);
    }
  }

  private write(sessionId: string, task: () => Promise<void>): Promise<void> {
    const previous = this.writes.get(sessionId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch((err) =>
      this.options.log?.error({ err, sessionId }, 'live session write failed'),
    );
    this.writes.set(sessionId, settled);
    void settled.then(() => {
      if (this.writes.get(sessionId) === settled) this.writes.delete(sessionId);
    });
    return next;
  }

  private onHostEvent(event: HostEvent): void {
    switch (event.kind) {
      case 'frames':
        this.emitFrames(event.frames);
        break;
      case 'checkpoints':
        for (const cp of event.checkpoints)
          void this.write(cp.sessionId, async () => {
            // A session deleted while it ran stops here.
            if (!(await this.options.store.saveCheckpoint(cp))) await this.unload(cp.sessionId);
          }).catch(() => {});
        break;
      case 'finished':
        void this.finishFromHost(event.sessionId, event.checkpoint, event.results);
        break;
      case 'failed':
        void this.failFromHost(event.sessionId, event.message);
        break;
    }
  }

  /** Frames go out in slices, yielding in between, so a tick of hundreds of sessions never blocks the loop long. */
  private emitFrames(frames: LiveFrame[], from = 0): void {
    const end = Math.min(frames.length, from + FRAMES_PER_SLICE);
    this.sink.frames(from === 0 && end === frames.length ? frames : frames.slice(from, end));
    if (end < frames.length) setImmediate(() => this.emitFrames(frames, end));
  }

  private async finishFromHost(sessionId: string, cp: Checkpoint, results: SimulationResults): Promise<void> {
    await this.write(sessionId, () => this.options.store.finish(cp, results)).catch(() => {});
    this.sink.state({
      ...(await this.stateOf(sessionId, cp)),
      status: cp.status === 'stopped' ? 'stopped' : 'finished',
    });
    await this.onFinished(sessionId, results);
  }

  private async stateOf(sessionId: string, cp: Checkpoint): Promise<LiveSessionState> {
    const session = this.loaded.get(sessionId);
    if (session) {
      try {
        return (await session.host.request({ kind: 'snapshot', sessionId })).state;
      } catch {
        // fall through to the checkpoint's figures
      }
    }
    return {
      sessionId,
      status: cp.status,
      speed: cp.speed,
      time: cp.time,
      endTime: cp.time,
      dispatcher: cp.snapshot.dispatcher,
      commands: 0,
    };
  }

  /** A finished session leaves memory (the database has everything; viewers get the results). */
  private async onFinished(sessionId: string, results: SimulationResults): Promise<void> {
    this.sink.finished(sessionId, results);
    await this.unload(sessionId);
  }

  private async unload(sessionId: string): Promise<void> {
    const session = this.loaded.get(sessionId);
    if (!session) return;
    this.loaded.delete(sessionId);
    session.host.sessions.delete(sessionId);
    await session.host.request({ kind: 'close', sessionId }).catch(() => {});
  }

  private async failFromHost(sessionId: string, message: string): Promise<void> {
    this.options.log?.error({ sessionId, message }, 'live session failed');
    const session = this.loaded.get(sessionId);
    this.loaded.delete(sessionId);
    session?.host.sessions.delete(sessionId);
    await this.write(sessionId, () => this.options.store.markFailed(sessionId)).catch(() => {});
    const stored = await this.options.store.load(sessionId).catch(() => undefined);
    if (stored)
      this.sink.state({
        sessionId,
        status: 'failed',
        speed: stored.speed,
        time: stored.simTime,
        endTime: stored.simTime,
        dispatcher: stored.snapshot?.dispatcher ?? stored.spec.config.dispatcher.name,
        commands: stored.commandLog.length,
      });
  }

  /** A worker died: its sessions reload from their checkpoints (running ones carry on by themselves). */
  private onHostLost(sessionIds: string[], error: Error): void {
    if (this.closed) return;
    this.options.log?.error({ err: error, sessions: sessionIds.length }, 'live session worker lost');
    for (const sessionId of sessionIds) {
      const viewers = this.loaded.get(sessionId)?.viewers ?? 0;
      this.loaded.delete(sessionId);
      void (async () => {
        await this.writes.get(sessionId);
        const session = await this.ensureLoaded(sessionId);
        if (!session) return;
        session.viewers = viewers;
        if (viewers > 0) await session.host.request({ kind: 'watch', sessionId, watched: true });
        const { state, snapshot } = await session.host.request({ kind: 'snapshot', sessionId });
        this.sink.snapshot(sessionId, { state, snapshot, frameRate: this.options.frameRate });
      })().catch((err) => this.options.log?.error({ err, sessionId }, 'reopening live session failed'));
    }
  }
}
