/**
 * The page side of the playground: starts a Web Worker per run, forwards its messages and guards it
 * with the watchdog. A stuck worker is terminated and reported as a timeout; the page never waits on it.
 */
import type { LiveSpeed, SimulationResults } from '@hoistway/shared-types';
import type { ComparisonJob, PlaygroundFrame, PlaygroundInputs, PlaygroundResults } from './harness.js';
import {
  WATCHDOG_TIMEOUT_MS,
  WORKER_STARTUP_TIMEOUT_MS,
  type FromWorker,
  type ToWorker,
} from './protocol.js';
import type { ScriptErrorInfo } from './script-errors.js';
import { Watchdog, browserTimers, type Timers } from './watchdog.js';

/** The part of `Worker` the runner uses (a fake in tests). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface RunnerHandlers {
  onFrame?(frame: PlaygroundFrame): void;
  onFinished?(frame: PlaygroundFrame, results: SimulationResults): void;
  onProgress?(done: number, total: number): void;
  onComparison?(results: PlaygroundResults): void;
  onError?(error: ScriptErrorInfo): void;
}

export const createPlaygroundWorker = (): WorkerLike =>
  new Worker(new URL('./playground.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;

export class PlaygroundRunner {
  private worker: WorkerLike | null = null;
  /** Whether the current worker has loaded (sent `ready`). */
  private ready = false;
  private readonly watchdog: Watchdog;

  constructor(
    private readonly handlers: RunnerHandlers,
    private readonly createWorker: () => WorkerLike = createPlaygroundWorker,
    timers: Timers = browserTimers,
    private readonly timeoutMs = WATCHDOG_TIMEOUT_MS,
    private readonly startupTimeoutMs = WORKER_STARTUP_TIMEOUT_MS,
  ) {
    this.watchdog = new Watchdog(timeoutMs, () => this.timedOut(), timers);
  }

  get running(): boolean {
    return this.worker !== null;
  }

  live(script: string, inputs: PlaygroundInputs, speed: LiveSpeed): void {
    this.start({ type: 'live', script, inputs, speed });
  }

  compare(job: ComparisonJob): void {
    this.start({ type: 'compare', job });
  }

  setSpeed(speed: LiveSpeed): void {
    this.worker?.postMessage({ type: 'speed', speed });
  }

  /** A paused worker sends nothing, so the watchdog rests meanwhile. */
  pause(paused: boolean): void {
    if (!this.worker) return;
    this.worker.postMessage({ type: 'pause', paused });
    if (paused) this.watchdog.stop();
    else this.watchdog.kick();
  }

  stop(): void {
    this.watchdog.stop();
    this.worker?.terminate();
    this.worker = null;
  }

  private start(message: ToWorker): void {
    this.stop();
    this.ready = false;
    const worker = this.createWorker();
    this.worker = worker;
    worker.onmessage = (event) => {
      if (this.worker !== worker) return;
      this.receive(event.data);
    };
    worker.onerror = (event) => {
      if (this.worker !== worker) return;
      event.preventDefault?.();
      this.stop();
      this.handlers.onError?.({
        kind: 'exception',
        message: event.message || 'the worker failed',
        line: null,
      });
    };
    worker.postMessage(message);
    // Until the worker reports ready it is loading its own code, not running the script.
    this.watchdog.kick(this.startupTimeoutMs);
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.watchdog.kick();
        break;
      case 'frame':
        this.watchdog.kick();
        this.handlers.onFrame?.(m.frame);
        break;
      case 'progress':
        this.watchdog.kick();
        this.handlers.onProgress?.(m.done, m.total);
        break;
      case 'finished':
        this.stop();
        this.handlers.onFinished?.(m.frame, m.results);
        break;
      case 'comparison':
        this.stop();
        this.handlers.onComparison?.(m.results);
        break;
      case 'error':
        this.stop();
        this.handlers.onError?.(m.error);
        break;
    }
  }

  private timedOut(): void {
    const loading = !this.ready;
    this.stop();
    this.handlers.onError?.({
      kind: 'timeout',
      message: loading
        ? `The simulation worker did not start within ${this.startupTimeoutMs / 1000} s.`
        : `The dispatcher stopped answering for ${this.timeoutMs / 1000} s (an endless loop?), so its worker was stopped.`,
      line: null,
    });
  }
}
