import { describe, expect, it } from 'vitest';
import type { KpiSummary, SimulationResults } from '@hoistway/shared-types';
import { aggregateComparison, KPI_DEFINITIONS } from '../src/comparison.js';

const baseKpis: KpiSummary = {
  generated: 100,
  delivered: 95,
  inSystem: 5,
  counted: 90,
  awt: 20,
  attd: 60,
  averageTransit: 40,
  longestWait: 90,
  p95Wait: 55,
  percentWaitsOver60: 3,
  meanSquaredWait: 700,
  worst5MinAwt: 30,
  interval: 25,
  hc5Persons: 40,
  hc5Percent: 11,
};

function run(kpis: Partial<KpiSummary>): SimulationResults {
  return { kpis: { ...baseKpis, ...kpis } } as SimulationResults;
}

describe('aggregateComparison', () => {
  it('gives mean and Student-t 95% CI per KPI and dispatcher', () => {
    const summary = aggregateComparison({
      eta: [run({ awt: 10 }), run({ awt: 12 }), run({ awt: 14 })],
      nearest: [run({ awt: 30 }), run({ awt: 30 })],
    });
    // mean 12, s = 2, t(0.975, 2) = 4.302653 → half-width 4.968275.
    expect(summary.awt['eta']!.mean).toBe(12);
    expect(summary.awt['eta']!.ci95Low).toBeCloseTo(7.031725, 5);
    expect(summary.awt['eta']!.ci95High).toBeCloseTo(16.968275, 5);
    expect(summary.awt['eta']!.n).toBe(3);
    expect(summary.awt['nearest']).toEqual({ mean: 30, ci95Low: 30, ci95High: 30, n: 2 });
    // Every KPI of the definitions list is summarised.
    expect(Object.keys(summary).sort()).toEqual(KPI_DEFINITIONS.map((d) => d.key).sort());
  });

  it('skips missing intervals and reports no CI for a single value', () => {
    const summary = aggregateComparison({ eta: [run({ interval: null }), run({ interval: 40 })] });
    expect(summary.interval['eta']).toEqual({ mean: 40, ci95Low: null, ci95High: null, n: 1 });
  });

  it('covers every numeric field of KpiSummary', () => {
    expect(KPI_DEFINITIONS.map((d) => d.key).sort()).toEqual(Object.keys(baseKpis).sort());
  });
});
