import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '@hoistway/shared-types';
import { loadBuilding } from '../src/cli/load-input.js';
import { mean } from '../src/stats.js';
import runTask from '../src/worker/run-task.js';
import { RUN_TASK_WORKER_PATH } from '../src/worker/worker-path.js';

const building = loadBuilding(fileURLToPath(new URL('fixtures/small-office.json', import.meta.url)));

describe('simulation worker task', () => {
  it('points piscina at the built worker file of this package', () => {
    expect(isAbsolute(RUN_TASK_WORKER_PATH)).toBe(true);
    expect(RUN_TASK_WORKER_PATH).toBe(fileURLToPath(new URL('../dist/worker/run-task.js', import.meta.url)));
  });

  it('returns the results and the counted waits, which average to the AWT', () => {
    const config = runConfigSchema.parse({ duration: 1800, seed: 3, dispatcher: { name: 'nearest' } });
    const out = runTask({
      building,
      traffic: { kind: 'template', template: 'lunch', intensity: 12 },
      config,
    });
    expect(out.results.seed).toBe(3);
    expect(out.results.dispatcher.name).toBe('nearest');
    expect(out.waits.length).toBe(out.results.kpis.counted);
    expect(out.waits.length).toBeGreaterThan(10);
    // KPIs are reported to the millisecond.
    expect(mean(out.waits)).toBeCloseTo(out.results.kpis.awt, 2);
    expect(Math.max(...out.waits)).toBeCloseTo(out.results.kpis.longestWait, 2);
    // Plain data: survives structured cloning to and from a worker thread unchanged.
    expect(structuredClone(out)).toEqual(out);
  });
});
