/** Human-readable renderings of simulation results for the terminal. */
import type { SimulationResults, Traffic } from '@hoistway/shared-types';
import { KPI_DEFINITIONS } from '@hoistway/shared-types';
import type { ComparisonSummary } from '../../comparison.js';
import { formatNumber, formatTable, section } from './table.js';

const KPI_DECIMALS: Partial<Record<string, number>> = {
  hc5Persons: 0,
  generated: 0,
  counted: 0,
  delivered: 0,
  inSystem: 0,
  meanSquaredWait: 0,
};

export function describeTraffic(traffic: Traffic): string {
  switch (traffic.kind) {
    case 'template': {
      const mix = traffic.mix
        ? ` (mix ${traffic.mix.incoming}/${traffic.mix.outgoing}/${traffic.mix.interfloor})`
        : '';
      const peak = traffic.template === 'daily' ? ' at the busiest period' : '';
      return `${traffic.template}, ${traffic.intensity}% of population per 5 min${peak}${mix}`;
    }
    case 'od':
      return `origin-destination matrix, ${traffic.periods.length} period(s)${traffic.repeat ? ', repeating' : ''}`;
    case 'passengers':
      return `passenger list, ${traffic.passengers.length} row(s)`;
  }
}

export function describeRun(results: SimulationResults, traffic: Traffic): string {
  return [
    `Building:   ${results.building}`,
    `Traffic:    ${describeTraffic(traffic)}`,
    `Dispatcher: ${results.dispatcher.name}, seed ${results.seed}`,
    `Simulated:  ${formatNumber(results.duration, 0)} s, KPIs exclude the first ${formatNumber(results.warmUp, 0)} s (warm-up); run ended at ${formatNumber(results.endTime, 0)} s`,
  ].join('\n');
}

export function formatKpiTable(results: SimulationResults): string {
  const rows = KPI_DEFINITIONS.map(({ key, label, unit }) => [
    label,
    formatNumber(results.kpis[key], KPI_DECIMALS[key] ?? 1),
    unit,
  ]);
  return formatTable([{ header: 'KPI' }, { header: 'Value', align: 'right' }, { header: 'Unit' }], rows);
}

export function formatCarTable(results: SimulationResults): string {
  const rows = results.cars.map((c) => [
    c.id,
    c.group,
    String(c.stops),
    formatNumber(c.distance, 0),
    String(c.passengersCarried),
    formatNumber(c.averageLoad, 2),
    String(c.maxLoad),
    String(c.mainEntranceDepartures),
  ]);
  return formatTable(
    [
      { header: 'Car' },
      { header: 'Group' },
      { header: 'Stops', align: 'right' },
      { header: 'Distance (m)', align: 'right' },
      { header: 'Carried (persons)', align: 'right' },
      { header: 'Avg load (persons)', align: 'right' },
      { header: 'Max load', align: 'right' },
      { header: 'Main-entrance departures', align: 'right' },
    ],
    rows,
  );
}

export function formatRunSummary(results: SimulationResults, traffic: Traffic): string {
  return [
    describeRun(results, traffic),
    '',
    section('Key performance indicators', formatKpiTable(results)),
    '',
    section('Cars', formatCarTable(results)),
    '',
  ].join('\n');
}

/** One row per KPI; for each dispatcher its mean and the 95% Student-t interval of the mean. */
export function formatComparisonTable(summary: ComparisonSummary, dispatchers: readonly string[]): string {
  const columns = [
    { header: 'KPI' },
    { header: 'Unit' },
    ...dispatchers.flatMap((d) => [
      { header: `${d} mean`, align: 'right' as const },
      { header: `${d} 95% CI`, align: 'right' as const },
    ]),
  ];
  const rows = KPI_DEFINITIONS.map(({ key, label, unit }) => {
    const decimals = KPI_DECIMALS[key] ?? 1;
    return [
      label,
      unit,
      ...dispatchers.flatMap((d) => {
        const stat = summary[key][d];
        if (!stat || stat.n === 0) return ['—', '—'];
        const ci =
          stat.ci95Low === null || stat.ci95High === null
            ? '—'
            : `[${formatNumber(stat.ci95Low, decimals)}, ${formatNumber(stat.ci95High, decimals)}]`;
        return [formatNumber(stat.mean, decimals), ci];
      }),
    ];
  });
  return formatTable(columns, rows);
}
