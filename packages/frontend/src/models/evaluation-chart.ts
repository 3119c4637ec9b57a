/**
 * Chart.js data of a model's evaluation (pure, unit-tested without a canvas): mean AWT per dispatcher
 * with its 95 % CI over the held-out seeds as whiskers, the learned model's bar set apart.
 */
import type { ModelEvaluation } from '@hoistway/shared-types';
import { ciBarPoint, dispatcherColour, ERROR_BAR_STYLE } from '../runs/run-charts.js';

const LEARNED_COLOUR = '#c0392b';

export function evaluationAwtChart(evaluation: ModelEvaluation) {
  const labels = evaluation.dispatchers;
  return {
    labels,
    datasets: [
      {
        label: 'AWT (mean, s; whiskers: 95 % CI over the held-out seeds)',
        data: labels.map((d) => ciBarPoint(evaluation.kpis.awt[d])),
        backgroundColor: labels.map((d) => (d === evaluation.learned ? LEARNED_COLOUR : dispatcherColour(0))),
        ...ERROR_BAR_STYLE,
      },
    ],
  };
}

/** "−1.2 s [−2.0, −0.4] (−4.1 %)", and whether the model is better, worse or not clearly different. */
export function pairedDifferenceText(evaluation: ModelEvaluation): { text: string; verdict: string } {
  const p = evaluation.pairedAwtDifference;
  const f = (x: number) => x.toFixed(1).replace('-', '−');
  if (p.mean === null) return { text: '—', verdict: 'no paired runs' };
  const ci = p.ci95Low !== null && p.ci95High !== null ? ` [${f(p.ci95Low)}, ${f(p.ci95High)}]` : '';
  const rel = p.relative !== null ? ` (${f(p.relative * 100)} %)` : '';
  const verdict =
    p.ci95High !== null && p.ci95High < 0
      ? 'better than the best heuristic (the interval is below zero)'
      : p.ci95Low !== null && p.ci95Low > 0
        ? 'worse than the best heuristic (the interval is above zero)'
        : 'no clear difference (the interval includes zero)';
  return { text: `${f(p.mean)} s${ci}${rel}`, verdict };
}
