/// <reference lib="webworker" />
/**
 * The playground's Web Worker: runs the person's dispatcher on the pure engine, live (paced frames)
 * or as a comparison over seeds. User code never runs on the page's thread (nor on the server), so an
 * endless loop freezes only this worker, which the page's watchdog then terminates.
 */
import type { LiveSpeed } from '@hoistway/shared-types';
import {
  advanceWithin,
  createPlaygroundSimulation,
  finishRun,
  frameOf,
  runComparison,
  type HarnessClock,
} from './harness.js';
import { DECISION_BUDGET_MS, PLAYGROUND_FRAME_RATE, type FromWorker, type ToWorker } from './protocol.js';
import { ScriptError } from './script-errors.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromWorker) => scope.postMessage(m);
const clock: HarnessClock = { now: () => performance.now(), decisionBudgetMs: DECISION_BUDGET_MS };
const TICK_MS = 1000 / PLAYGROUND_FRAME_RATE;

let speed: LiveSpeed = 1;
let paused = false;

function fail(error: unknown) {
  const info =
    error instanceof ScriptError
      ? error.toInfo()
      : {
          kind: 'exception' as const,
          message: error instanceof Error ? error.message : String(error),
          line: null,
        };
  post({ type: 'error', error: info });
}

function live(message: Extract<ToWorker, { type: 'live' }>) {
  speed = message.speed;
  const { sim } = createPlaygroundSimulation(message.inputs, { script: message.script }, clock);
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    const wall = now - last;
    last = now;
    try {
      if (!paused) {
        const target = speed === 'max' ? sim.endTime : sim.time + (speed * wall) / 1000;
        advanceWithin(sim, target, clock.now, TICK_MS * 0.8);
      }
      if (sim.finished) {
        const { results } = finishRun(sim);
        post({ type: 'finished', frame: frameOf(sim), results });
        return;
      }
      post({ type: 'frame', frame: frameOf(sim) });
    } catch (error) {
      fail(error);
      return;
    }
    setTimeout(tick, TICK_MS);
  };
  post({ type: 'frame', frame: frameOf(sim) });
  setTimeout(tick, TICK_MS);
}

post({ type: 'ready' });

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  try {
    if (m.type === 'live') live(m);
    else if (m.type === 'speed') speed = m.speed;
    else if (m.type === 'pause') paused = m.paused;
    else if (m.type === 'compare') {
      let lastPost = 0;
      const results = runComparison(m.job, { ...clock, sliceMs: 100 }, (done, total) => {
        const now = performance.now();
        if (now - lastPost < 100 && done < total) return;
        lastPost = now;
        post({ type: 'progress', done, total });
      });
      post({ type: 'comparison', results });
    }
  } catch (error) {
    fail(error);
  }
};
