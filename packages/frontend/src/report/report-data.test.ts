import { KPI_DEFINITIONS, type WaitDistribution } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { clockTime } from '../format.js';
import { kpiRows, periodWaitChart, waitBins } from './report-data.js';

function distribution(waits: number[], binWidth = 1): WaitDistribution {
  const sorted = [...waits].sort((a, b) => a - b);
  const counts = new Array<number>(Math.floor(sorted.at(-1)! / binWidth) + 1).fill(0);
  for (const w of sorted) counts[Math.floor(w / binWidth)]!++;
  const q = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  return {
    count: sorted.length,
    binWidth,
    counts,
    quantiles: { p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), max: sorted.at(-1)! },
  };
}

describe('waitBins', () => {
  it('spreads the bulk up to P99 over nice bins and keeps the long tail in one labelled bar', () => {
    // 990 waits of 0–49 s and 10 very long ones (300–390 s): P99 is 49 s.
    const waits = [
      ...Array.from({ length: 990 }, (_, i) => i % 50),
      ...Array.from({ length: 10 }, (_, i) => 300 + 10 * i),
    ];
    const bins = waitBins(distribution(waits, 2));
    const tail = bins.at(-1)!;
    expect(tail).toMatchObject({ to: null, count: 10 });
    expect(tail.label).toBe('≥ 50 (max 390)');
    const bulk = bins.slice(0, -1);
    expect(bulk.length).toBeGreaterThanOrEqual(5);
    expect(bulk.length).toBeLessThanOrEqual(16);
    expect(bulk[0]).toMatchObject({ from: 0, to: 10 });
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(1000);
  });

  it('has no tail bar when nothing lies beyond the 99th percentile bin, and nothing for no waits', () => {
    const bins = waitBins(distribution([1, 2, 3, 4, 5]));
    expect(bins.every((b) => b.to !== null)).toBe(true);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(5);
    expect(waitBins({ count: 0, binWidth: 1, counts: [], quantiles: null })).toEqual([]);
  });
});

describe('time labels', () => {
  it('shows clock time from the traffic start clock, else the elapsed h:mm', () => {
    expect(clockTime(0, 7 * 3600)).toBe('07:00');
    expect(clockTime(12 * 3600 - 300, 7 * 3600)).toBe('18:55');
    expect(clockTime(3900, null)).toBe('1:05');
    const chart = periodWaitChart(
      [
        { start: 0, arrivals: 1, boarded: 1, delivered: 1, awt: 10, attd: 30, longestWait: 12 },
        { start: 300, arrivals: 1, boarded: 1, delivered: 1, awt: null, attd: null, longestWait: null },
      ],
      7 * 3600,
    );
    expect(chart.labels).toEqual(['07:00', '07:05']);
  });
});

describe('kpiRows', () => {
  it('lists every shared KPI definition once with a value or —', () => {
    const rows = kpiRows({ awt: 21.345, generated: 120, interval: null });
    expect(rows.map((r) => r.definition.key)).toEqual(KPI_DEFINITIONS.map((d) => d.key));
    expect(rows.find((r) => r.definition.key === 'awt')!.value).toBe('21.3');
    expect(rows.find((r) => r.definition.key === 'generated')!.value).toBe('120');
    expect(rows.find((r) => r.definition.key === 'interval')!.value).toBe('—');
  });
});
