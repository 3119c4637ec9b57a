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
import type { HostEvent } from '../host-api.js';
import { HostLostError, HostPool, type SessionHost } from './host-pool.js';
import { conflict, LiveError, notFound } from '../live-error.js';
import type { LiveClock } from '../live-clock.js';
import type { SessionLeaseRepository } from '../../repositories/session-leases.js';
import type {
  SessionCheckpoint,
  SessionRepository,
  SessionSpec,
  StoredSession,
} from '../../repositories/sessions.js';

/** A request that a replica hands to the replica hosting the session (see `LiveCluster`). */
export type ForwardedRequest =
  | { op: 'join'; sessionId: string }
  | { op: 'leave'; sessionId: string }
  | { op: 'control'; sessionId: string; control: SessionControl }
  | { op: 'results'; sessionId: string }
  | { op: 'passengers'; sessionId: string };

/**
 * Backend replicas sharing live sessions on one PostgreSQL. A replica hosts a session only while it
 * holds the session's lease; requests for a session hosted elsewhere are forwarded to its host.
 */
export interface LiveCluster {
  replicaId: string;
  leases: SessionLeaseRepository;
  leaseMs: number;
  heartbeatMs: number;
  /**
   * Hands a request to replica `owner`; resolves with its reply or rejects with its LiveError, or
   * with OwnerUnanswered when no reply comes in time.
   */
  forward(owner: string, request: ForwardedRequest): Promise<unknown>;
  /**
   * Viewers in a session's room, here and on the other replicas (after a takeover they count here).
   * A replica that does not answer counts 0, or (`strict`) makes it reject.
   */
  roomSize(sessionId: string, options?: { strict?: boolean }): Promise<{ local: number; remote: number }>;
}

/** The session's lease is held by another replica, which hosts it. */
class HostedElsewhere extends Error {
  constructor(readonly owner: string) {
    super(`session hosted by replica ${owner}`);
  }
}

/** The replica holding a session's lease did not answer a forwarded request: it may have died. */
export class OwnerUnanswered extends LiveError {
  constructor() {
    super(503, 'Service Unavailable', 'the backend replica hosting this session does not answer; try again');
  }
}

const moved = () =>
  new LiveError(503, 'Service Unavailable', 'the session is moving to another backend replica; try again');

/** Where the manager pushes what viewers should see (the Socket.IO plugin implements it). */
export interface LiveSink {
  frames(frames: LiveFrame[]): void;
  state(state: LiveSessionState): void;
  snapshot(sessionId: string, message: LiveSnapshotMessage): void;
  finished(sessionId: string, results: SimulationResults): void;
  runProgress(message: RunProgressMessage): void;
}

export interface SessionManagerOptions {
  /** The sessions table (hosting, checkpoints, the command log, the outcome). */
  sessions: SessionRepository;
  /** Worker threads hosting sessions; 0 runs them on the main thread. */
  workers: number;
  frameRate: number;
  checkpointMs: number;
  checkpointSimSeconds: number;
  /** Per frame period, wall ms a host may spend on "as fast as possible" sessions. */
  fastBudgetMs: number;
  /** The clock of in-process hosts (tests; see live-clock.ts). */
  clock?: LiveClock;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Completes a control before it runs (learned dispatchers: the model's weights); throws LiveError. */
  resolveControl?: (control: SessionControl) => Promise<SessionControl>;
  /**
   * Why a stored session may not be loaded (over this server's work limits, e.g. lowered since it
   * was created), or undefined; checked before any of it is simulated.
   */
  admit?: (spec: SessionSpec) => string | undefined;
  /** Replicas on PostgreSQL (leases, forwarding, takeover); absent: this process hosts every session. */
  cluster?: LiveCluster;
}

interface LoadedSession {
  host: SessionHost;
  viewers: number;
  /** Of those, viewers connected to other replicas (their frames go out through the cluster). */
  remoteViewers: number;
  /** Remote viewers found in the room at the previous heartbeat when fewer than counted (see `recount`). */
  remoteSeen?: number;
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
  /** Per-session chain of database writes, so they land in the order they happened. */
  private readonly writes = new Map<string, Promise<void>>();
  private sink: LiveSink = silentSink;
  private closed = false;
  /** Numbers the transient replays, each hosted under a key of its own. */
  private replays = 0;

  /** Takes over orphaned running sessions on each heartbeat (from the first `resumeRunning` on). */
  private takingOver = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private recounting: Promise<void> | null = null;

  constructor(private readonly options: SessionManagerOptions) {
    const { cluster } = options;
    if (cluster) {
      this.heartbeat = setInterval(() => {
        this.beating ??= this.beat().finally(() => (this.beating = null));
      }, cluster.heartbeatMs);
      this.heartbeat.unref();
    }
    this.pool = new HostPool({
      workers: options.workers,
      frameRate: options.frameRate,
      checkpointMs: options.checkpointMs,
      checkpointSimSeconds: options.checkpointSimSeconds,
      fastBudgetMs: options.fastBudgetMs,
      clock: options.clock,
      onEvent: (event) => this.onHostEvent(event),
      onHostLost: (_host, ids, error) => this.onHostLost(ids, error),
    });
  }

  /** This replica's id when replicas share the sessions (its writes need the session's lease). */
  private get replica(): string | undefined {
    return this.options.cluster?.replicaId;
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
    const { cluster } = this.options;
    // With replicas, only the sessions nobody hosts (and from now on, on every heartbeat).
    this.takingOver = cluster !== undefined;
    const ids = cluster ? await cluster.leases.orphans() : await this.options.sessions.runningIds();
    const resumed = await this.resumeAll(ids);
    if (resumed.length > 0)
      this.options.log?.info({ sessions: resumed.length }, 'resumed running live sessions');
    return resumed;
  }

  private async resumeAll(ids: string[]): Promise<string[]> {
    // One session that cannot run (refused by the work limits, broken inputs) must not stop the start.
    const outcomes = await Promise.allSettled(ids.map((id) => this.takeOver(id)));
    return ids.filter((id, k) => {
      const outcome = outcomes[k]!;
      if (outcome.status === 'rejected')
        this.options.log?.error({ sessionId: id, err: outcome.reason }, 'could not resume a live session');
      return outcome.status === 'fulfilled' && outcome.value;
    });
  }

  /**
   * Loads a running session nobody hosts. Viewers already in its room (on any replica) count for it
   * at once and get a fresh picture; false when another replica was quicker.
   */
  private async takeOver(sessionId: string): Promise<boolean> {
    if (this.loaded.has(sessionId) || this.opening.has(sessionId)) return false;
    let session: LoadedSession | null;
    try {
      session = await this.ensureLoaded(sessionId);
    } catch (err) {
      if (err instanceof HostedElsewhere) return false;
      throw err;
    }
    if (!session || !this.options.cluster) return session !== null;
    const room = await this.options.cluster.roomSize(sessionId).catch(() => ({ local: 0, remote: 0 }));
    const watching = room.local + room.remote;
    if (watching > 0 && this.loaded.get(sessionId) === session) {
      if (session.viewers === 0) await session.host.api.watch(sessionId, true);
      session.viewers += watching;
      session.remoteViewers += room.remote;
      const { state, snapshot } = await session.host.api.snapshot(sessionId);
      this.sink.snapshot(sessionId, { state, snapshot, frameRate: this.options.frameRate });
    }
    this.options.log?.info({ sessionId, viewers: watching }, 'hosting live session');
    return true;
  }

  /** One heartbeat: renew this replica's leases, drop the sessions it lost, take over orphans. */
  private async beat(): Promise<void> {
    const cluster = this.options.cluster!;
    try {
      const mine = [...this.loaded.keys()];
      // Sessions still opening too: rebuilding a long session may take longer than a lease.
      const opening = [...this.opening.keys()].filter((id) => !this.loaded.has(id));
      const held = await cluster.leases.renew(cluster.replicaId, [...mine, ...opening], cluster.leaseMs);
      for (const sessionId of mine)
        if (!held.has(sessionId)) {
          // Another replica took it over (this one missed its heartbeats): stop simulating it here.
          this.options.log?.error({ sessionId }, 'lost the lease of a live session');
          await this.unload(sessionId);
        }
      // Apart from the renewals: a recount waits for every replica's answer (up to a heartbeat).
      this.recounting ??= this.recount().finally(() => (this.recounting = null));
      if (this.takingOver && !this.closed) {
        const orphans = (await cluster.leases.orphans()).filter((id) => !this.loaded.has(id));
        if (orphans.length > 0) await this.resumeAll(orphans);
      }
    } catch (err) {
      this.options.log?.error({ err }, 'live session heartbeat failed');
    }
  }

  /**
   * Viewers on a replica that died never leave: each heartbeat compares the remote viewers counted
   * with those in the session's room on the other replicas, and drops the missing ones once they have
   * been missing on two heartbeats in a row (a viewer whose join is acknowledged enters the room a
   * moment later, so one look could miss it).
   */
  private async recount(): Promise<void> {
    const cluster = this.options.cluster!;
    const watched = [...this.loaded].filter(([, session]) => session.remoteViewers > 0);
    const rooms = await Promise.all(
      watched.map(([sessionId]) => cluster.roomSize(sessionId, { strict: true }).catch(() => null)),
    );
    for (const [k, [sessionId, session]] of watched.entries()) {
      const room = rooms[k];
      if (!room || this.loaded.get(sessionId) !== session) continue;
      if (room.remote >= session.remoteViewers) {
        session.remoteSeen = undefined;
        continue;
      }
      const seen = Math.max(room.remote, session.remoteSeen ?? 0);
      if (session.remoteSeen === undefined) {
        session.remoteSeen = seen;
        continue;
      }
      session.remoteSeen = undefined;
      const gone = session.remoteViewers - seen;
      if (gone <= 0) continue;
      session.remoteViewers -= gone;
      session.viewers = Math.max(0, session.viewers - gone);
      this.options.log?.info({ sessionId, viewers: gone }, 'remote viewers gone');
      if (session.viewers === 0) {
        await session.host.api.watch(sessionId, false).catch(() => {});
        await this.unloadIfIdle(sessionId, session);
      }
    }
  }

  /**
   * Runs `here` on this replica, or (the session is hosted by another replica) forwards the request
   * to that replica. A forwarded request is never forwarded again.
   */
  private async routed<T>(request: ForwardedRequest, here: () => Promise<T>, forwarded: boolean): Promise<T> {
    const { cluster } = this.options;
    if (!cluster || this.loaded.has(request.sessionId)) return here();
    if (!forwarded && !this.opening.has(request.sessionId)) {
      // Hosted elsewhere: straight there, without reading the session here first.
      const owner = await cluster.leases.ownerOf(request.sessionId);
      if (owner !== undefined && owner !== cluster.replicaId) return this.forwardTo(owner, request, here);
    }
    try {
      return await here();
    } catch (err) {
      if (!(err instanceof HostedElsewhere)) throw err;
      if (forwarded || err.owner === cluster.replicaId) throw moved();
      return this.forwardTo(err.owner, request, here);
    }
  }

  /**
   * Forwards a request to the session's host. A host that does not answer may have died: once its
   * lease has run out (the wait for its answer is about as long), this replica takes the session
   * over, as its next heartbeat would, and answers itself, so the caller needs no retry.
   */
  private async forwardTo<T>(owner: string, request: ForwardedRequest, here: () => Promise<T>): Promise<T> {
    const cluster = this.options.cluster!;
    try {
      return (await cluster.forward(owner, request)) as T;
    } catch (err) {
      if (!(err instanceof OwnerUnanswered)) throw err;
      const now = await cluster.leases.ownerOf(request.sessionId);
      if (now !== undefined && now !== cluster.replicaId) throw err;
      if (now === undefined) await this.takeOver(request.sessionId);
      try {
        return await here();
      } catch (again) {
        // Another replica was quicker: the caller asks again and is forwarded there.
        throw again instanceof HostedElsewhere ? moved() : again;
      }
    }
  }

  /** Throws HostedElsewhere when another replica holds a live lease of a session not loaded here. */
  private async checkHost(sessionId: string): Promise<void> {
    const { cluster } = this.options;
    if (!cluster || this.loaded.has(sessionId) || this.opening.has(sessionId)) return;
    const owner = await cluster.leases.ownerOf(sessionId);
    if (owner !== undefined && owner !== cluster.replicaId) throw new HostedElsewhere(owner);
  }

  /** A request another replica forwarded here, as this replica's host of the session. */
  async handleForwarded(request: ForwardedRequest): Promise<unknown> {
    switch (request.op) {
      case 'join':
        return this.join(request.sessionId, true);
      case 'leave':
        return this.leave(request.sessionId, true);
      case 'control':
        return this.control(request.sessionId, request.control, true);
      case 'results':
        return this.results(request.sessionId, true);
      case 'passengers':
        return this.passengers(request.sessionId, true);
    }
  }

  /** A viewer joins: the full picture now. Counts the viewer so frames are produced for it. */
  async join(sessionId: string, forwarded = false): Promise<LiveSnapshotMessage> {
    return this.routed({ op: 'join', sessionId }, () => this.joinHere(sessionId, forwarded), forwarded);
  }

  /** Whether frames of this session must go to other replicas too. */
  hasRemoteViewers(sessionId: string): boolean {
    return (this.loaded.get(sessionId)?.remoteViewers ?? 0) > 0;
  }

  private async joinHere(sessionId: string, remote: boolean): Promise<LiveSnapshotMessage> {
    const session = await this.acquire(sessionId, (s) => {
      s.viewers++;
      if (remote) s.remoteViewers++;
    });
    if (!session) return this.storedSnapshot(sessionId);
    if (session.viewers === 1) await session.host.api.watch(sessionId, true);
    const { state, snapshot } = await session.host.api.snapshot(sessionId);
    return { state, snapshot, frameRate: this.options.frameRate };
  }

  async leave(sessionId: string, forwarded = false): Promise<void> {
    const session = this.loaded.get(sessionId);
    const { cluster } = this.options;
    if (!session && cluster && !forwarded) {
      // A viewer of a session hosted by another replica: that replica counts its viewers.
      const owner = await cluster.leases.ownerOf(sessionId).catch(() => undefined);
      if (owner !== undefined && owner !== cluster.replicaId)
        await cluster.forward(owner, { op: 'leave', sessionId }).catch(() => {});
      return;
    }
    if (!session || session.viewers === 0) return;
    session.viewers--;
    if (forwarded && session.remoteViewers > 0) session.remoteViewers--;
    if (session.viewers > 0) return;
    await session.host.api.watch(sessionId, false).catch(() => {});
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
    const status = await session.host.api
      .snapshot(sessionId)
      .then((s) => s.state.status)
      .catch(() => null);
    if (status !== null && status !== 'running' && idle()) await this.unload(sessionId);
  }

  /** Applies a control; resolves once it is stored, and every viewer has been told. */
  async control(sessionId: string, given: SessionControl, forwarded = false): Promise<LiveSessionState> {
    return this.routed(
      { op: 'control', sessionId, control: given },
      () => this.controlHere(sessionId, given),
      forwarded,
    );
  }

  private async controlHere(sessionId: string, given: SessionControl): Promise<LiveSessionState> {
    const control = this.options.resolveControl ? await this.options.resolveControl(given) : given;
    const session = await this.acquire(sessionId, (s) => s.controlling++);
    if (!session) {
      const stored = await this.loadStored(sessionId);
      throw conflict(`session ${sessionId} has ${stored.status}; cannot ${control.type}`);
    }
    let outcome;
    let exists = true;
    try {
      outcome = await session.host.api.control(sessionId, control);
      const { logEntry, results, checkpoint } = outcome;
      await this.write(sessionId, async () => {
        if (logEntry) await this.options.sessions.appendCommand(sessionId, logEntry, this.replica);
        if (results) await this.storeOutcome(session.host, checkpoint, results);
        else exists = await this.options.sessions.saveCheckpoint(checkpoint, this.replica);
      });
    } finally {
      session.controlling--;
    }
    if (!exists) {
      await this.unload(sessionId);
      // With replicas, a refused write can also mean another replica took the session over.
      if (this.options.cluster && (await this.options.sessions.loadForLive(sessionId))) throw moved();
      throw notFound(sessionId);
    }
    this.sink.state(outcome.state);
    if (outcome.results) await this.onFinished(sessionId, outcome.results);
    return outcome.state;
  }

  /** KPIs so far (final once finished). */
  async results(
    sessionId: string,
    forwarded = false,
  ): Promise<{ state: LiveSessionState | null; results: SimulationResults }> {
    return this.routed({ op: 'results', sessionId }, () => this.resultsHere(sessionId), forwarded);
  }

  private async resultsHere(
    sessionId: string,
  ): Promise<{ state: LiveSessionState | null; results: SimulationResults }> {
    await this.checkHost(sessionId);
    const session = this.loaded.get(sessionId);
    if (session) {
      const [results, snap] = await Promise.all([
        session.host.api.results(sessionId),
        session.host.api.snapshot(sessionId),
      ]);
      return { state: snap.state, results };
    }
    const stored = await this.loadStored(sessionId);
    if (stored.results) return { state: null, results: stored.results };
    return this.withTransient(stored, async (host, key) => ({
      state: { ...(await host.api.snapshot(key)).state, sessionId },
      results: await host.api.results(key),
    }));
  }

  /**
   * Per-passenger records so far: from the host of a loaded session, from the database once it ended,
   * else (a session stored before logs were kept, or paused and not loaded) by replaying it.
   */
  async passengers(sessionId: string, forwarded = false): Promise<PassengerRecord[]> {
    return this.routed({ op: 'passengers', sessionId }, () => this.passengersHere(sessionId), forwarded);
  }

  private async passengersHere(sessionId: string): Promise<PassengerRecord[]> {
    await this.checkHost(sessionId);
    const session = this.loaded.get(sessionId);
    if (session) return session.host.api.passengers(sessionId);
    const kept = await this.options.sessions.storedPassengers(sessionId);
    if (kept === undefined) throw notFound(sessionId);
    if (kept) return kept;
    const stored = await this.loadStored(sessionId);
    return this.withTransient(stored, (host, key) => host.api.passengers(key));
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
          const cp = await session.host.api.checkpoint(sessionId);
          if (cp.status === 'running')
            await this.write(
              sessionId,
              async () => void (await this.options.sessions.saveCheckpoint(cp, this.replica)),
            );
        } catch (err) {
          this.options.log?.error({ err, sessionId }, 'final checkpoint failed');
        }
      }),
    );
    await Promise.all(this.writes.values());
    await this.pool.close();
    if (this.options.cluster) {
      if (this.heartbeat) clearInterval(this.heartbeat);
      await this.beating;
      await this.recounting;
      // Handed over at once: another replica takes these sessions on its next heartbeat.
      await this.options.cluster.leases
        .releaseAll(this.options.cluster.replicaId)
        .catch((err) => this.options.log?.error({ err }, 'releasing live session leases failed'));
    }
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
      pending = this.open(sessionId).finally(() => this.opening.delete(sessionId));
      this.opening.set(sessionId, pending);
    }
    return pending;
  }

  /** Loads a session into a host; finished and failed sessions stay in the database only. */
  private async open(sessionId: string): Promise<LoadedSession | null> {
    if (this.closed) throw new LiveError(503, 'Service Unavailable', 'live sessions are shutting down');
    const stored = await this.loadStored(sessionId);
    if (isEndedStatus(stored.status)) return null;
    const refusal = this.options.admit?.(stored.spec);
    if (refusal)
      throw new LiveError(409, 'Conflict', `session ${sessionId} cannot run on this server: ${refusal}`);
    const { cluster } = this.options;
    if (cluster && !(await cluster.leases.acquire(sessionId, cluster.replicaId, cluster.leaseMs))) {
      const owner = await cluster.leases.ownerOf(sessionId);
      throw owner === undefined ? moved() : new HostedElsewhere(owner);
    }
    // Read again under the lease: the previous host may have written a last checkpoint meanwhile.
    const current = cluster ? await this.loadStored(sessionId) : stored;
    if (isEndedStatus(current.status)) {
      await cluster?.leases.release(sessionId, cluster.replicaId);
      return null;
    }
    const host = this.pool.leastLoaded();
    host.sessions.add(sessionId);
    try {
      await host.api.open({
        spec: current.spec,
        log: current.commandLog,
        resumeAt: current.simTime,
        status: current.status,
        speed: current.speed,
      });
    } catch (err) {
      host.sessions.delete(sessionId);
      await cluster?.leases.release(sessionId, cluster.replicaId).catch(() => {});
      if (err instanceof LiveError) throw err;
      if (err instanceof HostLostError)
        throw new LiveError(503, 'Service Unavailable', 'live session worker restarting; try again');
      // The inputs cannot be simulated (e.g. traffic that no car serves): the session fails for good.
      await this.options.sessions.markFailed(sessionId);
      throw new LiveError(409, 'Conflict', `session ${sessionId} cannot run: ${(err as Error).message}`);
    }
    const session: LoadedSession = { host, viewers: 0, remoteViewers: 0, controlling: 0 };
    this.loaded.set(sessionId, session);
    return session;
  }

  private async loadStored(sessionId: string): Promise<StoredSession> {
    const stored = await this.options.sessions.loadForLive(sessionId);
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
    return this.withTransient(stored, async (host, key) => {
      const { state: s, snapshot } = await host.api.snapshot(key);
      return {
        state: { ...s, sessionId, status: stored.status },
        snapshot,
        frameRate: this.options.frameRate,
      };
    });
  }

  /**
   * Rebuilds a stored session on a host just long enough to ask it something (deterministic replay).
   * The copy is hosted under its own key, so a resume that loads the real session meanwhile is never
   * closed by this copy's clean-up.
   */
  private async withTransient<T>(
    stored: StoredSession,
    use: (host: SessionHost, key: string) => Promise<T>,
  ): Promise<T> {
    const key = `${stored.spec.sessionId}/replay-${++this.replays}`;
    const host = this.pool.leastLoaded();
    await host.api.open({
      spec: { ...stored.spec, sessionId: key },
      log: stored.commandLog,
      resumeAt: stored.simTime,
      status: 'paused',
      speed: stored.speed,
    });
    try {
      return await use(host, key);
    } finally {
      await host.api.close(key).catch(() => {});
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
            if (!(await this.options.sessions.saveCheckpoint(cp, this.replica)))
              await this.unload(cp.sessionId);
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

  private async finishFromHost(
    sessionId: string,
    cp: SessionCheckpoint,
    results: SimulationResults,
  ): Promise<void> {
    const host = this.loaded.get(sessionId)?.host;
    await this.write(sessionId, () => this.storeOutcome(host, cp, results)).catch(() => {});
    this.sink.state({
      ...(await this.stateOf(sessionId, cp)),
      status: cp.status === 'stopped' ? 'stopped' : 'finished',
    });
    await this.onFinished(sessionId, results);
  }

  /** Stores an ended session's results and passenger log (read from its host while it is still there). */
  private async storeOutcome(
    host: SessionHost | undefined,
    cp: SessionCheckpoint,
    results: SimulationResults,
  ): Promise<void> {
    const sessionId = cp.sessionId;
    const passengers = host ? await host.api.passengers(sessionId).catch(() => null) : null;
    await this.options.sessions.finish(cp, results, this.replica);
    // Without a log (the host is gone), a later download replays the session instead.
    if (passengers) await this.options.sessions.storePassengers(sessionId, passengers);
  }

  private async stateOf(sessionId: string, cp: SessionCheckpoint): Promise<LiveSessionState> {
    const session = this.loaded.get(sessionId);
    if (session) {
      try {
        return (await session.host.api.snapshot(sessionId)).state;
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
    await session.host.api.close(sessionId).catch(() => {});
    await this.releaseLease(sessionId);
  }

  /** The session left this replica's memory: another may host it now. */
  private async releaseLease(sessionId: string): Promise<void> {
    const { cluster } = this.options;
    if (!cluster || this.loaded.has(sessionId) || this.opening.has(sessionId)) return;
    await cluster.leases
      .release(sessionId, cluster.replicaId)
      .catch((err) => this.options.log?.error({ err, sessionId }, 'releasing a live session lease failed'));
  }

  private async failFromHost(sessionId: string, message: string): Promise<void> {
    this.options.log?.error({ sessionId, message }, 'live session failed');
    const session = this.loaded.get(sessionId);
    this.loaded.delete(sessionId);
    session?.host.sessions.delete(sessionId);
    await this.write(sessionId, () => this.options.sessions.markFailed(sessionId)).catch(() => {});
    await this.releaseLease(sessionId);
    const stored = await this.options.sessions.loadForLive(sessionId).catch(() => undefined);
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
      const remoteViewers = this.loaded.get(sessionId)?.remoteViewers ?? 0;
      this.loaded.delete(sessionId);
      void (async () => {
        await this.writes.get(sessionId);
        const session = await this.ensureLoaded(sessionId);
        if (!session) return;
        session.viewers = viewers;
        session.remoteViewers = remoteViewers;
        if (viewers > 0) await session.host.api.watch(sessionId, true);
        const { state, snapshot } = await session.host.api.snapshot(sessionId);
        this.sink.snapshot(sessionId, { state, snapshot, frameRate: this.options.frameRate });
      })().catch((err) => this.options.log?.error({ err, sessionId }, 'reopening live session failed'));
    }
  }
}
