import type { Building } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { officeBuilding } from '../test-support/office-building.js';
import {
  comparisonEntries,
  createPlaygroundSimulation,
  runComparison,
  type PlaygroundInputs,
} from './harness.js';
import { compileDispatcher, instrument } from './script-compiler.js';
import { ScriptError } from './script-errors.js';
import { STARTER_SCRIPT } from './starter.js';

const building: Building = officeBuilding();
const inputs: PlaygroundInputs = {
  building,
  traffic: { kind: 'template', template: 'lunch', intensity: 10 },
  duration: 600,
  warmUp: 60,
  seed: 3,
};
/** A clock that never moves: the loop guard never fires. */
const still = { now: () => 0, decisionBudgetMs: 1000 };

function runScript(script: string, clock = still): ScriptError {
  const { sim } = createPlaygroundSimulation(inputs, { script }, clock);
  try {
    sim.advanceTo(sim.endTime);
  } catch (error) {
    expect(error).toBeInstanceOf(ScriptError);
    return error as ScriptError;
  }
  throw new Error('the run did not fail');
}

describe('playground harness', () => {
  it('runs the starter dispatcher to the end with results', () => {
    const { sim, script } = createPlaygroundSimulation(inputs, { script: STARTER_SCRIPT }, still);
    sim.advanceTo(sim.endTime);
    expect(script?.name).toBe('nearest idle first');
    const results = sim.results();
    expect(results.kpis.delivered).toBeGreaterThan(50);
    expect(results.kpis.awt).toBeGreaterThan(0);
  });

  it('reports an exception in choose() with its line', () => {
    const error = runScript(
      [
        'export default function choose(ctx: any): number {',
        '  const car = ctx.candidates[0];',
        '  return car.missing.value;',
        '}',
      ].join('\n'),
    );
    expect(error.kind).toBe('exception');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/TypeError/);
  });

  it('reports a choice out of range with the return that made it', () => {
    const error = runScript(
      [
        'export default function choose(ctx) {',
        '  const far = ctx.candidates.length + 5;',
        '  if (ctx.time < 0) return 0;',
        '  return far;',
        '}',
      ].join('\n'),
    );
    expect(error.kind).toBe('invalid-choice');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/returned \d+ .*0 to 3/);
  });

  it('rejects a choice that is not an integer', () => {
    const error = runScript('export default (ctx) => "car 1";');
    expect(error.kind).toBe('invalid-choice');
    expect(error.message).toContain('"car 1"');
  });

  it('stops an endless loop once the decision budget is spent, naming the loop line', () => {
    // Every reading of the clock advances it 10 ms: the 1000 ms budget is gone after 100 iterations.
    let t = 0;
    const ticking = { now: () => (t += 10), decisionBudgetMs: 1000 };
    const error = runScript(
      ['export default function choose(ctx) {', '  let i = 0;', '  while (true) i++;', '}'].join('\n'),
      ticking,
    );
    expect(error.kind).toBe('timeout');
    expect(error.line).toBe(3);
  });

  it('reports a syntax error with its line, and a script without a function', () => {
    expect(() => compileDispatcher('const a = 1;\nconst b = ;\n', still)).toThrow(
      expect.objectContaining({ kind: 'syntax', line: 2 }),
    );
    expect(() => compileDispatcher('export const x = 1;', still)).toThrow(/must export a function/);
  });

  it('keeps line numbers when instrumenting', () => {
    const js = 'for (;;) a();\nwhile (b) { c(); }\nfunction f() { return 1; }\n';
    const out = instrument(js);
    expect(out.split('\n')).toHaveLength(js.split('\n').length);
    expect(out).toContain('{__hwGuard(1);a();}');
    expect(out).toContain('{__hwGuard(2); c(); }');
    expect(out).toContain('return __hwRet(3,(1))');
  });

  it('compares the script with built-in dispatchers over seeds', () => {
    const progress: number[] = [];
    const results = runComparison(
      {
        ...inputs,
        duration: 400,
        script: STARTER_SCRIPT,
        builtins: [{ name: 'eta', ridingWeight: 0.5 }],
        seeds: [1, 2],
      },
      { ...still, sliceMs: 50 },
      (done) => progress.push(done),
    );
    expect(results.dispatchers.map((d) => d.label)).toEqual(['nearest idle first', 'eta']);
    expect(results.runs).toHaveLength(4);
    expect(results.summary['awt']?.['eta']?.n).toBe(2);
    expect(results.summary['awt']?.['nearest idle first']?.ci95Low).not.toBeNull();
    expect(results.distributions?.['nearest idle first']?.waits.count).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(4);
  });

  it('labels the script by its name, apart from built-ins of the same name', () => {
    const eta = { name: 'eta' as const, ridingWeight: 0.5 };
    expect(comparisonEntries('my dispatcher', [eta, eta]).map((e) => e.label)).toEqual([
      'my dispatcher',
      'eta',
      'eta #2',
    ]);
    expect(comparisonEntries('eta', [eta]).map((e) => e.label)).toEqual(['eta (script)', 'eta']);
  });

  it('reports a broken script before comparing', () => {
    expect(() =>
      runComparison(
        { ...inputs, script: 'export default function (', builtins: [], seeds: [1] },
        { ...still, sliceMs: 50 },
        () => undefined,
      ),
    ).toThrow(expect.objectContaining({ kind: 'syntax', line: 1 }));
  });
});
