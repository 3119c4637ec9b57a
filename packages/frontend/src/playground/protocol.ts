/** Messages between the playground page and its Web Worker (structured-cloneable data only). */
import type { LiveSpeed, SimulationResults } from '@hoistway/shared-types';
import type { ComparisonJob, PlaygroundFrame, PlaygroundInputs, PlaygroundResults } from './harness.js';
import type { ScriptErrorInfo } from './script-errors.js';

export type ToWorker =
  | { type: 'live'; script: string; inputs: PlaygroundInputs; speed: LiveSpeed }
  | { type: 'speed'; speed: LiveSpeed }
  | { type: 'pause'; paused: boolean }
  | { type: 'compare'; job: ComparisonJob };

export type FromWorker =
  /** Sent once the worker's code has loaded, before any user code runs. */
  | { type: 'ready' }
  | { type: 'frame'; frame: PlaygroundFrame }
  | { type: 'finished'; frame: PlaygroundFrame; results: SimulationResults }
  | { type: 'progress'; done: number; total: number }
  | { type: 'comparison'; results: PlaygroundResults }
  | { type: 'error'; error: ScriptErrorInfo };

/** Longest a single `choose` call may run before the loop guard stops it, ms. */
export const DECISION_BUDGET_MS = 1000;
/** Silence from the worker after which the page terminates it, ms (the backstop behind the loop guard). */
export const WATCHDOG_TIMEOUT_MS = 4000;
/**
 * How long a new worker may take to load its code before the watchdog gives up on it, ms (loading a
 * large module on a busy machine can take seconds; no user code runs before it reports ready).
 */
export const WORKER_STARTUP_TIMEOUT_MS = 60_000;
/** Frames per second of the live view. */
export const PLAYGROUND_FRAME_RATE = 10;
