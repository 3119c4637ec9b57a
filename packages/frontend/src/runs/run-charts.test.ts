import type { RunResults } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { awtSeriesChart, hasDistributions, waitCdfChart, waitCdfPoints, waitCiChart } from './run-charts.js';
import { runResultsCsv } from './run-export.js';

const results: RunResults = {
  dispatchers: [
    { label: 'eta', config: { name: 'eta' } },
    { label: 'nearest', config: { name: 'nearest' } },
  ] as RunResults['dispatchers'],
  summary: { awt: { eta: { mean: 20, ci95Low: 0, ci95High: 45, n: 3 } } },
  distributions: {
    eta: {
      waits: {
        count: 4,
        binWidth: 2,
        counts: [1, 0, 3],
        quantiles: { p50: 4.5, p90: 5, p95: 5, p99: 5, max: 5 },
      },
      series: [
        { start: 0, arrivals: 10, awt: null, attd: null, runs: 3 },
        { start: 300, arrivals: 12, awt: 18.5, attd: 60, runs: 3 },
      ],
    },
    nearest: {
      waits: { count: 0, binWidth: 1, counts: [], quantiles: null },
      series: [{ start: 300, arrivals: 12, awt: 25, attd: 70, runs: 3 }],
    },
  },
  runs: [],
};

describe('comparison charts', () => {
  it('draws the means with their 95 % confidence intervals as whiskers', () => {
    const chart = waitCiChart(results);
    expect(chart.labels).toEqual(['eta', 'nearest']);
    expect(chart.datasets[0]!.label).toContain('95 % CI');
    expect(chart.datasets[0]!.data).toEqual([{ y: 20, yMin: 0, yMax: 45 }, null]);
  });

  it('turns a pooled histogram into a cumulative % curve ending at 100', () => {
    expect(waitCdfPoints(results.distributions!['eta']!.waits)).toEqual([
      { x: 0, y: 0 },
      { x: 2, y: 25 },
      { x: 4, y: 25 },
      { x: 6, y: 100 },
    ]);
    expect(waitCdfPoints(results.distributions!['nearest']!.waits)).toEqual([]);
  });

  it('draws one CDF line per dispatcher in request order', () => {
    const chart = waitCdfChart(results);
    expect(chart.datasets.map((d) => d.label)).toEqual(['eta', 'nearest']);
    expect(chart.datasets[0]!.data.at(-1)).toEqual({ x: 6, y: 100 });
    expect(chart.datasets[0]!.borderColor).not.toBe(chart.datasets[1]!.borderColor);
  });

  it('aligns the 5-minute AWT series of every dispatcher on the period starts (h:mm, or time of day)', () => {
    const chart = awtSeriesChart(results);
    expect(chart.labels).toEqual(['0:00', '0:05']);
    expect(awtSeriesChart(results, 7 * 3600).labels).toEqual(['07:00', '07:05']);
    expect(chart.datasets.map((d) => d.data)).toEqual([
      [null, 18.5],
      [null, 25],
    ]);
  });

  it('knows when a stored run predates distributions', () => {
    expect(hasDistributions(results)).toBe(true);
    expect(hasDistributions({ ...results, distributions: undefined })).toBe(false);
  });

  it('exports the wait quantiles and the averaged series in the CSV', () => {
    const csv = runResultsCsv(results);
    expect(csv).toContain(
      'dispatcher,waits,wait_p50,wait_p90,wait_p95,wait_p99,wait_max\neta,4,4.5,5,5,5,5\nnearest,0,,,,,\n',
    );
    expect(csv).toContain('eta,300,12,18.5,60,3\n');
    expect(runResultsCsv({ ...results, distributions: undefined })).not.toContain('wait_p50');
  });
});
