/**
 * Built-in goals in the style of Elevator Saga's challenges: a traffic and a run length, and
 * conditions on the run's KPIs, judged from its results.
 */
import type { KpiSummary, NumericKpiKey, TrafficTemplateName } from '@hoistway/shared-types';
import { kpiValue } from '@hoistway/shared-types';

export interface GoalCondition {
  kpi: NumericKpiKey;
  /** `min`: the KPI must be at least `value`; `max`: below it. */
  bound: 'min' | 'max';
  value: number;
  label: string;
}

export interface Goal {
  id: string;
  title: string;
  template: TrafficTemplateName;
  /** % of the population arriving per 5 minutes. */
  intensity: number;
  duration: number;
  warmUp: number;
  conditions: GoalCondition[];
}

export const GOALS: readonly Goal[] = [
  {
    id: 'morning-100',
    title: 'Morning rush: deliver 100 people in 5 minutes with AWT under 30 s',
    template: 'up-peak',
    intensity: 15,
    duration: 300,
    warmUp: 0,
    conditions: [
      { kpi: 'delivered', bound: 'min', value: 100, label: 'delivered ≥ 100' },
      { kpi: 'awt', bound: 'max', value: 30, label: 'AWT < 30 s' },
    ],
  },
  {
    id: 'lunch-fair',
    title: 'Lunch hour: 30 minutes with nobody waiting over 90 s',
    template: 'lunch',
    intensity: 10,
    duration: 1800,
    warmUp: 300,
    conditions: [
      { kpi: 'longestWait', bound: 'max', value: 90, label: 'longest wait < 90 s' },
      { kpi: 'awt', bound: 'max', value: 25, label: 'AWT < 25 s' },
    ],
  },
  {
    id: 'interfloor-quick',
    title: 'Meetings everywhere: interfloor traffic with under 5 % of waits over 60 s',
    template: 'interfloor',
    intensity: 8,
    duration: 1200,
    warmUp: 300,
    conditions: [
      { kpi: 'percentWaitsOver60', bound: 'max', value: 5, label: 'waits > 60 s under 5 %' },
      { kpi: 'attd', bound: 'max', value: 70, label: 'ATTD < 70 s' },
    ],
  },
];

export interface GoalVerdict {
  passed: boolean;
  checks: { label: string; actual: number | null; passed: boolean }[];
}

/** Judged from a finished run's KPIs; a KPI without a value fails its condition. */
export function evaluateGoal(goal: Goal, kpis: Partial<KpiSummary>): GoalVerdict {
  const checks = goal.conditions.map((c) => {
    const actual = kpiValue(kpis, c.kpi);
    const passed = actual !== null && (c.bound === 'min' ? actual >= c.value : actual < c.value);
    return { label: c.label, actual, passed };
  });
  return { passed: checks.every((c) => c.passed), checks };
}
