import { createBirpc, type BirpcReturn } from 'birpc';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  hostApiMethods,
  type HostApi,
  type HostEvent,
  type HostEvents,
  type HostOptions,
  type RemoteHostApi,
} from '../host-api.js';
import type { LiveClock } from '../live-clock.js';
import { deserializeError, serializeError } from '../live-error.js';
import { rpcChannel } from '../rpc-channel.js';
import { SessionLoop } from '../worker/session-loop.js';
import { createLiveSimulation } from '../worker/simulation-factory.js';

/** Where sessions run: a worker thread, or (workers = 0) the main thread with the very same loop. */
export interface SessionHost {
  readonly id: number;
  /** Sessions opened on this host. */
  readonly sessions: Set<string>;
  /** The host's typed API (see host-api.ts). */
  readonly api: RemoteHostApi;
  close(): Promise<void>;
}

export interface HostPoolOptions extends HostOptions {
  /** Worker threads; 0 runs sessions on the main thread. */
  workers: number;
  /** The clock of in-process hosts (workers = 0; tests drive time with a ManualClock). */
  clock?: LiveClock;
  onEvent: (event: HostEvent, host: SessionHost) => void;
  /** A worker died: its sessions are gone from memory (the manager reopens them from their checkpoints). */
  onHostLost: (host: SessionHost, sessionIds: string[], error: Error) => void;
}

/**
 * Running from TypeScript sources (tests), the worker boots tsx's loader and then imports the entry;
 * from `dist/`, it is plain node. Either way it runs the workspace's simulator package.
 */
function createWorker(workerData: HostOptions): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? '../worker/entry.ts' : '../worker/entry.js', import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData });
  const tsxApi = new URL(
    'dist/esm/api/index.mjs',
    pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
  );
  const boot = `import(${JSON.stringify(tsxApi.href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData, execArgv: ['--conditions', '@hoistway/source'] });
}

/** The worker is gone (crashed or closed): not the session's fault. */
export class HostLostError extends Error {}

class WorkerHost implements SessionHost {
  readonly sessions = new Set<string>();
  readonly api: RemoteHostApi;
  private readonly worker: Worker;
  private readonly rpc: BirpcReturn<HostApi, HostEvents>;
  private closing = false;

  constructor(
    readonly id: number,
    options: HostPoolOptions,
  ) {
    this.worker = createWorker({
      frameRate: options.frameRate,
      checkpointMs: options.checkpointMs,
      checkpointSimSeconds: options.checkpointSimSeconds,
      fastBudgetMs: options.fastBudgetMs,
    });
    const events: HostEvents = { event: (event) => options.onEvent(event, this) };
    this.rpc = createBirpc<HostApi, HostEvents>(events, rpcChannel(this.worker));
    this.api = this.rpc;
    const lost = (cause: Error) => {
      if (this.closing) return;
      this.closing = true;
      const error = new HostLostError(`live session worker lost: ${cause.message}`);
      this.rpc.$close(error);
      options.onHostLost(this, [...this.sessions], error);
    };
    this.worker.on('error', lost);
    this.worker.on('exit', (code) => lost(new Error(`live session worker exited with code ${code}`)));
  }

  async close(): Promise<void> {
    this.closing = true;
    this.rpc.$close(new HostLostError('live session worker is gone'));
    await this.worker.terminate();
  }
}

class InProcessHost implements SessionHost {
  readonly sessions = new Set<string>();
  readonly api: RemoteHostApi;
  private readonly loop: SessionLoop;

  constructor(
    readonly id: number,
    options: HostPoolOptions,
  ) {
    this.loop = new SessionLoop(
      options,
      createLiveSimulation,
      (event) => options.onEvent(structuredClone(event), this),
      options.clock,
    );
    this.api = inProcessApi(this.loop);
    this.loop.start();
  }

  async close(): Promise<void> {
    this.loop.stop();
  }
}

/**
 * Calls a loop on this thread the way a worker would be called: arguments and replies are copied
 * (no shared mutable objects) and errors cross as plain data, so both kinds of host behave the same.
 */
function inProcessApi(loop: HostApi): RemoteHostApi {
  const call =
    (method: keyof HostApi) =>
    async (...args: unknown[]): Promise<unknown> => {
      try {
        const fn = loop[method] as (...a: unknown[]) => unknown;
        return structuredClone(fn.apply(loop, structuredClone(args)));
      } catch (err) {
        throw deserializeError(serializeError(err));
      }
    };
  return Object.fromEntries(hostApiMethods.map((m) => [m, call(m)])) as RemoteHostApi;
}

/** The hosts sessions are spread over; a new session goes to the host with the fewest. */
export class HostPool {
  private readonly hosts: SessionHost[] = [];
  private nextHostId = 1;

  /** Hosts start with the first session, so an app that runs none never spawns a worker. */
  constructor(private readonly options: HostPoolOptions) {
    // A clock object cannot cross into a worker thread: a test clock needs in-process hosts.
    if (options.clock && options.workers > 0) throw new Error('a live clock needs workers = 0');
  }

  private createHost(): SessionHost {
    const id = this.nextHostId++;
    const options: HostPoolOptions = {
      ...this.options,
      onHostLost: (host, sessionIds, error) => {
        // Replace the dead worker first, so reopening its sessions has somewhere to go.
        const index = this.hosts.indexOf(host);
        if (index >= 0) this.hosts.splice(index, 1, this.createHost());
        this.options.onHostLost(host, sessionIds, error);
      },
    };
    return this.options.workers === 0 ? new InProcessHost(id, options) : new WorkerHost(id, options);
  }

  leastLoaded(): SessionHost {
    if (this.hosts.length === 0)
      for (let i = 0; i < Math.max(1, this.options.workers); i++) this.hosts.push(this.createHost());
    let best = this.hosts[0]!;
    for (const host of this.hosts) if (host.sessions.size < best.sessions.size) best = host;
    return best;
  }

  async close(): Promise<void> {
    const hosts = this.hosts.splice(0);
    await Promise.all(hosts.map((h) => h.close()));
  }
}
