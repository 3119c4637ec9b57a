import { KPI_DEFINITIONS } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import type { KpiSummary, PeriodKpis, SimulationResults } from '@hoistway/shared-types';
import {
  aggregateComparison,
  aggregateGroupIntervals,
  averageSeries,
  comparisonDistributions,
  poolWaits,
  saturationCounts,
  waitBinWidth,
} from '../src/comparison.js';

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
  stillWaiting: 0,
  throughput5MinPersons: 30,
  throughput5MinPercent: 8,
  peak5MinPersons: 40,
  peak5MinPercent: 11,
  saturated: false,
  groups: [{ group: 'A', interval: 25, stillWaiting: 0, pickupCapacity: 20, saturated: false }],
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
    const numeric = Object.entries(baseKpis)
      .filter(([, v]) => v === null || typeof v === 'number')
      .map(([k]) => k);
    expect(KPI_DEFINITIONS.map((d) => d.key).sort()).toEqual(numeric.sort());
  });

  it('tolerates results stored before a KPI existed (no value, no mean)', () => {
    const old = { kpis: { awt: 30 } } as unknown as SimulationResults;
    const summary = aggregateComparison({ eta: [old, old] });
    expect(summary.awt['eta']!.mean).toBe(30);
    expect(summary.stillWaiting['eta']!.n).toBe(0);
    expect(aggregateGroupIntervals({ eta: [old] })).toEqual({});
    expect(saturationCounts({ eta: [old] })['eta']).toEqual({
      runs: 1,
      saturatedRuns: 0,
      meanStillWaiting: 0,
      groups: [],
    });
  });
});

describe('per-group intervals and saturation over seeds', () => {
  const twoGroups = (low: number | null, high: number, saturated: boolean) =>
    run({
      saturated,
      stillWaiting: saturated ? 50 : 2,
      groups: [
        { group: 'Low', interval: low, stillWaiting: 2, pickupCapacity: 40, saturated: false },
        { group: 'High', interval: high, stillWaiting: saturated ? 48 : 0, pickupCapacity: 40, saturated },
      ],
    });

  it('aggregates each group interval per dispatcher', () => {
    const summary = aggregateGroupIntervals({
      eta: [twoGroups(30, 40, false), twoGroups(34, 44, false)],
      nearest: [twoGroups(null, 50, true)],
    });
    expect(Object.keys(summary)).toEqual(['Low', 'High']);
    expect(summary['Low']!['eta']!.mean).toBe(32);
    expect(summary['High']!['eta']!.mean).toBe(42);
    expect(summary['Low']!['nearest']!.n).toBe(0);
    expect(summary['High']!['nearest']).toEqual({ mean: 50, ci95Low: null, ci95High: null, n: 1 });
  });

  it('counts the saturated runs of each dispatcher and names the groups', () => {
    const counts = saturationCounts({
      eta: [twoGroups(30, 40, false), twoGroups(30, 40, true)],
      nearest: [twoGroups(30, 40, false)],
    });
    expect(counts['eta']).toEqual({ runs: 2, saturatedRuns: 1, meanStillWaiting: 26, groups: ['High'] });
    expect(counts['nearest']).toEqual({ runs: 1, saturatedRuns: 0, meanStillWaiting: 2, groups: [] });
  });
});

describe('confidence intervals stay inside what a KPI can take', () => {
  it('clamps the lower bound of non-negative KPIs at 0 and percentages at [0, 100]', () => {
    // 0, 0, 90 → mean 30, s = 51.96, t(0.975, 2) · s / √3 = 129.1: the raw interval is [-99.1, 159.1].
    const summary = aggregateComparison({
      eta: [
        run({ percentWaitsOver60: 0, awt: 0 }),
        run({ percentWaitsOver60: 0, awt: 0 }),
        run({ percentWaitsOver60: 90, awt: 90 }),
      ],
    });
    expect(summary.percentWaitsOver60['eta']!.mean).toBe(30);
    expect(summary.percentWaitsOver60['eta']!.ci95Low).toBe(0);
    expect(summary.percentWaitsOver60['eta']!.ci95High).toBe(100);
    expect(summary.awt['eta']!.ci95Low).toBe(0);
    // Times have no upper limit: the upper bound is the unclamped t bound.
    expect(summary.awt['eta']!.ci95High).toBeCloseTo(30 + (4.302653 * Math.sqrt(2700)) / Math.sqrt(3), 4);
  });

  it('gives every KPI a lower limit of 0', () => {
    for (const d of KPI_DEFINITIONS) expect(d.range.min, d.key).toBe(0);
  });
});

describe('poolWaits', () => {
  it('pools the waits of every seed into a 1 s histogram with nearest-rank quantiles', () => {
    const pooled = poolWaits([
      [0, 0.5, 3.2],
      [1, 9.99],
    ]);
    expect(pooled.count).toBe(5);
    expect(pooled.binWidth).toBe(1);
    // bins [0,1) … [9,10): 0, 0.5 | 1 | 3.2 | 9.99
    expect(pooled.counts).toEqual([2, 1, 0, 1, 0, 0, 0, 0, 0, 1]);
    // sorted 0, 0.5, 1, 3.2, 9.99: p50 = 3rd, p90/p95/p99 = 5th.
    expect(pooled.quantiles).toEqual({ p50: 1, p90: 9.99, p95: 9.99, p99: 9.99, max: 9.99 });
  });

  it('widens the bins to a round width when the longest wait needs too many', () => {
    const pooled = poolWaits([[0, 250, 1234]], 300);
    expect(pooled.binWidth).toBe(5);
    expect(pooled.counts).toHaveLength(Math.floor(1234 / 5) + 1);
    expect(pooled.counts[0]).toBe(1);
    expect(pooled.counts[50]).toBe(1);
    expect(pooled.counts.at(-1)).toBe(1);
    expect(waitBinWidth(299, 300)).toBe(1);
    expect(waitBinWidth(300, 300)).toBe(2);
    expect(waitBinWidth(25_000, 300)).toBe(100);
  });

  it('has no quantiles without waits', () => {
    expect(poolWaits([[], []])).toEqual({ count: 0, binWidth: 1, counts: [], quantiles: null });
  });
});

describe('averageSeries', () => {
  const period = (start: number, arrivals: number, awt: number | null, attd: number | null): PeriodKpis => ({
    start,
    arrivals,
    boarded: 0,
    delivered: 0,
    awt,
    attd,
    longestWait: null,
  });

  it('averages each 5-minute period over the seeds that reached it and had a value', () => {
    const averaged = averageSeries([
      [period(0, 10, 20, 50), period(300, 12, 30, null)],
      [period(0, 20, 10, 40), period(300, 8, null, null), period(600, 4, 5, 35)],
    ]);
    expect(averaged).toEqual([
      { start: 0, arrivals: 15, awt: 15, attd: 45, runs: 2 },
      { start: 300, arrivals: 10, awt: 30, attd: null, runs: 2 },
      { start: 600, arrivals: 4, awt: 5, attd: 35, runs: 1 },
    ]);
    expect(averageSeries([])).toEqual([]);
  });
});

describe('comparisonDistributions', () => {
  it('keys pooled waits and averaged series by dispatcher label', () => {
    const series = (awt: number): PeriodKpis[] => [
      {
        start: 0,
        arrivals: 3,
        boarded: 3,
        delivered: 3,
        awt,
        attd: awt + 30,
        longestWait: awt,
        stillWaiting: 0,
      },
    ];
    const result = (awt: number) => ({ series: series(awt) }) as SimulationResults;
    const d = comparisonDistributions({
      eta: [
        { results: result(10), waits: [5, 15] },
        { results: result(20), waits: [25] },
      ],
      nearest: [{ results: result(40), waits: [] }],
    });
    expect(Object.keys(d)).toEqual(['eta', 'nearest']);
    expect(d['eta']!.waits.count).toBe(3);
    expect(d['eta']!.waits.quantiles!.max).toBe(25);
    expect(d['eta']!.series).toEqual([{ start: 0, arrivals: 3, awt: 15, attd: 45, runs: 2 }]);
    expect(d['nearest']!.waits.quantiles).toBeNull();
  });
});
