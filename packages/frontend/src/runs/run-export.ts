import {
  KPI_DEFINITIONS,
  LEGACY_KPI_KEYS,
  type KpiDefinition,
  type NumericKpiKey,
  type RunResults,
} from '@hoistway/shared-types';

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
  'stillWaiting',
  'delivered',
];

export const comparedKpis = tableKeys.map((key) => {
  const d = KPI_DEFINITIONS.find((k) => k.key === key)!;
  return {
    key,
    label: d.shortLabel,
    unit: d.unit,
    lowerIsBetter: d.lowerIsBetter === true,
    definition: d.definition,
  };
});

type StatsByDispatcher = RunResults['summary'][string];

/**
 * A KPI's statistics per dispatcher, reading results stored before the KPI had its current name
 * (the busiest-window HC5 of older runs is the peak); undefined when the run has no such figure.
 */
export function summaryStats(results: RunResults, key: NumericKpiKey): StatsByDispatcher | undefined {
  const legacy = LEGACY_KPI_KEYS[key];
  return results.summary[key] ?? (legacy === undefined ? undefined : results.summary[legacy]);
}

/** Whether the waiting KPIs include passengers still waiting at the end (runs stored since schema 2). */
export function countsCensoredWaits(results: RunResults): boolean {
  return (results.resultsSchemaVersion ?? 1) >= 2;
}

/** Per dispatcher with saturated runs: how many of its seeds, and the mean number left waiting. */
export function saturatedDispatchers(
  results: RunResults,
): { label: string; saturated: number; runs: number; stillWaiting: number | null }[] {
  const out = [];
  for (const { label } of results.dispatchers) {
    const runs = results.runs.filter((r) => r.dispatcher === label);
    const saturated = runs.filter((r) => r.saturated === true).length;
    if (saturated === 0) continue;
    const stillWaiting = results.summary['stillWaiting']?.[label]?.mean ?? null;
    out.push({ label, saturated, runs: runs.length, stillWaiting });
  }
  return out;
}

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
  const flagged = results.runs.some((r) => r.saturated !== undefined);
  const lines = [['dispatcher', 'seed', ...keys, ...(flagged ? ['saturated'] : [])].join(',')];
  for (const r of results.runs)
    lines.push(
      [
        r.dispatcher,
        r.seed,
        ...keys.map((k) => r.kpis[k] ?? null),
        ...(flagged ? [r.saturated === undefined ? null : String(r.saturated)] : []),
      ]
        .map(csvField)
        .join(','),
    );
  lines.push('');
  lines.push(['kpi', 'dispatcher', 'mean', 'ci95_low', 'ci95_high', 'n'].join(','));
  const summaries = [
    ...Object.entries(results.summary),
    // Per-group intervals as `interval:<group>` rows.
    ...Object.entries(results.groupIntervals ?? {}).map(
      ([g, byDispatcher]) => [`interval:${g}`, byDispatcher] as const,
    ),
  ];
  for (const [kpi, byDispatcher] of summaries)
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
export function bestDispatcher(
  results: RunResults,
  key: NumericKpiKey,
  lowerIsBetter: boolean,
): string | null {
  const byDispatcher = summaryStats(results, key);
  if (!byDispatcher) return null;
  let best: string | null = null;
  let bestValue = 0;
  for (const [label, stat] of Object.entries(byDispatcher)) {
    if (stat?.mean === null || stat?.mean === undefined) continue;
    if (best === null || (lowerIsBetter ? stat.mean < bestValue : stat.mean > bestValue)) {
      best = label;
      bestValue = stat.mean;
    }
  }
  return best;
}
