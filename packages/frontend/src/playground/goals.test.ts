import { describe, expect, it } from 'vitest';
import { GOALS, evaluateGoal } from './goals.js';

const morning = GOALS.find((g) => g.id === 'morning-100')!;

describe('playground goals', () => {
  it('passes when every condition holds', () => {
    expect(evaluateGoal(morning, { delivered: 104, awt: 21.5 })).toEqual({
      passed: true,
      checks: [
        { label: 'delivered ≥ 100', actual: 104, passed: true },
        { label: 'AWT < 30 s', actual: 21.5, passed: true },
      ],
    });
  });

  it('fails on one missed condition, at the boundary, and on a missing KPI', () => {
    expect(evaluateGoal(morning, { delivered: 99, awt: 10 }).passed).toBe(false);
    expect(evaluateGoal(morning, { delivered: 100, awt: 30 }).checks.map((c) => c.passed)).toEqual([
      true,
      false,
    ]);
    expect(evaluateGoal(morning, { delivered: 120 }).checks[1]).toEqual({
      label: 'AWT < 30 s',
      actual: null,
      passed: false,
    });
  });
});
