import { evaluationKpiKeys, type ModelEvaluation } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { evaluationAwtChart, pairedDifferenceText } from './evaluation-chart.js';

const labels = ['collective', 'nearest', 'sectoring', 'eta', 'destination', 'learned:lunch@1'];
const awt: Record<
  string,
  { mean: number | null; ci95Low: number | null; ci95High: number | null; n: number }
> = Object.fromEntries(labels.map((d, i) => [d, { mean: 30 + i, ci95Low: 28 + i, ci95High: 32 + i, n: 10 }]));
awt['nearest'] = { mean: null, ci95Low: null, ci95High: null, n: 0 };

function evaluation(paired: ModelEvaluation['pairedAwtDifference']): ModelEvaluation {
  return {
    evaluatedAt: '2025-01-01T00:00:00.000Z',
    building: 'Office 20',
    traffic: 'lunch',
    duration: 3600,
    warmUp: 300,
    seeds: [1, 2],
    dispatchers: labels,
    learned: 'learned:lunch@1',
    kpis: Object.fromEntries(evaluationKpiKeys.map((k) => [k, awt])) as ModelEvaluation['kpis'],
    bestHeuristic: 'collective',
    pairedAwtDifference: paired,
  };
}

describe('evaluation chart', () => {
  it('draws mean AWT per dispatcher with 95 % CI whiskers, the model in its own colour', () => {
    const chart = evaluationAwtChart(
      evaluation({ mean: -1, ci95Low: -2, ci95High: -0.5, n: 2, relative: -0.03 }),
    );
    expect(chart.labels).toEqual(labels);
    expect(chart.datasets).toHaveLength(1);
    const [set] = chart.datasets;
    expect(set!.data[0]).toEqual({ y: 30, yMin: 28, yMax: 32 });
    expect(set!.data[1]).toBeNull(); // no mean, no bar
    expect(set!.data[5]).toEqual({ y: 35, yMin: 33, yMax: 37 });
    const colours = set!.backgroundColor;
    expect(new Set(colours.slice(0, 5)).size).toBe(1);
    expect(colours[5]).not.toBe(colours[0]);
  });

  it('states the paired difference and whether its interval is below, above or across zero', () => {
    expect(
      pairedDifferenceText(evaluation({ mean: -1.23, ci95Low: -2, ci95High: -0.5, n: 2, relative: -0.041 })),
    ).toEqual({
      text: '−1.2 s [−2.0, −0.5] (−4.1 %)',
      verdict: 'better than the best heuristic (the interval is below zero)',
    });
    expect(
      pairedDifferenceText(evaluation({ mean: 3, ci95Low: 1, ci95High: 5, n: 2, relative: 0.1 })).verdict,
    ).toContain('worse');
    expect(
      pairedDifferenceText(evaluation({ mean: 1, ci95Low: -1, ci95High: 3, n: 2, relative: null })),
    ).toEqual({
      text: '1.0 s [−1.0, 3.0]',
      verdict: 'no clear difference (the interval includes zero)',
    });
  });
});
