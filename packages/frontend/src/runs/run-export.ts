import { KPI_DEFINITIONS, type KpiDefinition, type RunResults } from '@hoistway/shared-types';

/** KPIs shown in the comparison table, in this order; labels, units and "better" come from shared-types. */
const tableKeys: readonly KpiDefinition['key'][] = [
  'awt',
  'attd',
  'p95Wait',
  'longestWait',
  'percentWaitsOver60',
  'worst5MinAwt',
  'averageTransit',
  'interval',
  'throughput5MinPercent',
  'peak5MinPercent',
  'delivered',
];

export const comparedKpis = tableKeys.map((key) => {
  const d = KPI_DEFINITIONS.find((k) => k.key === key)!;
  return { key, label: d.shortLabel, unit: d.unit, lowerIsBetter: d.lowerIsBetter === true };
});

const csvField = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * One row per (dispatcher, seed) with every KPI, then the summary rows (mean and 95% CI), then (when
 * stored) the pooled wait quantiles and the per-5-minute series averaged over seeds.
 */
export function runResultsCsv(results: RunResults): string {
  const keys = [...new Set(results.runs.flatMap((r) => Object.keys(r.kpis)))].sort();
  const lines = [['dispatcher', 'seed', ...keys].join(',')];
  for (const r of results.runs)
    lines.push([r.dispatcher, r.seed, ...keys.map((k) => r.kpis[k] ?? null)].map(csvField).join(','));
  lines.push('');
  lines.push(['kpi', 'dispatcher', 'mean', 'ci95_low', 'ci95_high', 'n'].join(','));
  for (const [kpi, byDispatcher] of Object.entries(results.summary))
    for (const [d, s] of Object.entries(byDispatcher))
      lines.push([kpi, d, s.mean, s.ci95Low, s.ci95High, s.n].map(csvField).join(','));
  const distributions = Object.entries(results.distributions ?? {});
  if (distributions.length > 0) {
    lines.push('');
    lines.push(['dispatcher', 'waits', 'wait_p50', 'wait_p90', 'wait_p95', 'wait_p99', 'wait_max'].join(','));
    for (const [d, { waits }] of distributions) {
      const q = waits.quantiles;
      lines.push(
        [d, waits.count, q?.p50 ?? null, q?.p90 ?? null, q?.p95 ?? null, q?.p99 ?? null, q?.max ?? null]
          .map(csvField)
          .join(','),
      );
    }
    lines.push('');
    lines.push(['dispatcher', 'period_start_s', 'arrivals_mean', 'awt_mean', 'attd_mean', 'runs'].join(','));
    for (const [d, { series }] of distributions)
      for (const p of series)
        lines.push([d, p.start, p.arrivals, p.awt, p.attd, p.runs].map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Label of the best dispatcher for a KPI (by mean), or null. */
export function bestDispatcher(results: RunResults, key: string, lowerIsBetter: boolean): string | null {
  const byDispatcher = results.summary[key];
  if (!byDispatcher) return null;
  let best: string | null = null;
  let bestValue = 0;
  for (const [label, stat] of Object.entries(byDispatcher)) {
    if (stat.mean === null) continue;
    if (best === null || (lowerIsBetter ? stat.mean < bestValue : stat.mean > bestValue)) {
      best = label;
      bestValue = stat.mean;
    }
  }
  return best;
}
