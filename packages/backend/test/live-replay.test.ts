/**
 * The property durability rests on: a session driven live — the clock advanced in irregular wall-clock
 * steps, commands given along the way — ends exactly where a replay of its inputs and command log ends.
 */
import { buildingSchema, runConfigSchema, type SessionControl, type Traffic } from '@hoistway/shared-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceApplyingLog } from '../src/live/worker/command-log.js';
import type { SessionSpec } from '../src/repositories/sessions.js';
import { SessionRunner } from '../src/live/worker/session-runner.js';
import { createLiveSimulation } from '../src/live/worker/simulation-factory.js';
import { officeBuilding } from './helpers/fixtures.js';

const building = buildingSchema.parse(officeBuilding());
const traffic: Traffic = { kind: 'template', template: 'lunch', intensity: 15 };

const commandArb: fc.Arbitrary<SessionControl> = fc.oneof(
  fc
    .record({
      origin: fc.integer({ min: 0, max: 6 }),
      destination: fc.integer({ min: 0, max: 6 }),
      count: fc.integer({ min: 1, max: 5 }),
    })
    .filter((p) => p.origin !== p.destination)
    .map((p) => ({ type: 'passenger' as const, ...p })),
  fc
    .record({ floor: fc.integer({ min: 0, max: 5 }) })
    .map(({ floor }) => ({ type: 'hallCall' as const, floor, direction: 'up' as const })),
  fc.constantFrom('collective', 'nearest', 'eta', 'destination', 'sectoring').map(
    (name) =>
      ({
        type: 'dispatcher' as const,
        dispatcher: name === 'eta' || name === 'destination' ? { name, ridingWeight: 0.5 } : { name },
      }) as SessionControl,
  ),
);

describe('live sessions replay exactly', () => {
  it('irregular live steps with commands end with the results of a one-shot replay of the log', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(
          fc.record({
            wallMs: fc.integer({ min: 1, max: 4000 }),
            command: fc.option(commandArb, { nil: null }),
          }),
          {
            minLength: 5,
            maxLength: 40,
          },
        ),
        (seed, steps) => {
          const spec: SessionSpec = {
            sessionId: 's',
            building,
            traffic,
            config: runConfigSchema.parse({ duration: 900, warmUp: 60, seed }),
          };
          let now = 0;
          const runner = new SessionRunner(
            { spec, log: [], resumeAt: 0, status: 'running', speed: 10 },
            createLiveSimulation,
            now,
          );
          const log = [];
          for (const step of steps) {
            now += step.wallMs;
            runner.catchUp(now);
            if (step.command && runner.status === 'running') {
              const outcome = runner.control(step.command, now);
              if (outcome.logEntry) log.push(outcome.logEntry);
            }
          }
          runner.control({ type: 'speed', speed: 'max' }, now);
          while (runner.status === 'running')
            runner.runUntil(performance.now() + 50, () => performance.now());
          const live = JSON.stringify(runner.results());

          const replay = createLiveSimulation(spec, () => {});
          advanceApplyingLog(replay, log, 0, Infinity);
          expect(JSON.stringify(replay.results())).toBe(live);
          // And a runner rebuilt from a mid-run checkpoint (as after a restart) ends the same way.
          const mid = log.length > 0 ? log[Math.floor(log.length / 2)]!.time : 300;
          const resumed = new SessionRunner(
            { spec, log, resumeAt: mid, status: 'running', speed: 'max' },
            createLiveSimulation,
            0,
          );
          while (resumed.status === 'running')
            resumed.runUntil(performance.now() + 50, () => performance.now());
          expect(JSON.stringify(resumed.results())).toBe(live);
        },
      ),
      { numRuns: 15 },
    );
  });
});
