/** Human-readable renderings of simulation results for the terminal. */
import type { SimulationResults, Traffic } from '@hoistway/shared-types';
import { KPI_DEFINITIONS, saturationNotice } from '@hoistway/shared-types';
import type { ComparisonSummary, GroupIntervalSummary, KpiStat, SaturationCount } from '../../comparison.js';
import { formatNumber, formatTable, section } from './table.js';

const KPI_DECIMALS: Partial<Record<string, number>> = {
  peak5MinPersons: 0,
  stillWaiting: 0,
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

/** The per-group interval rows follow the headline interval (which is their mean). */
const groupIntervalLabel = (group: string) => `  Interval, group ${group}`;

export function formatKpiTable(results: SimulationResults): string {
  const rows = KPI_DEFINITIONS.flatMap(({ key, label, unit }) => {
    const row = [label, formatNumber(results.kpis[key], KPI_DECIMALS[key] ?? 1), unit];
    if (key !== 'interval' || results.kpis.groups.length < 2) return [row];
    return [
      row,
      ...results.kpis.groups.map((g) => [groupIntervalLabel(g.group), formatNumber(g.interval, 1), 's']),
    ];
  });
  return formatTable([{ header: 'KPI' }, { header: 'Value', align: 'right' }, { header: 'Unit' }], rows);
}

/**
 * The line about passengers still waiting at the end: a warning when a group is saturated (more left
 * waiting than one full load of each of its cars), else a note; null when nobody was left waiting.
 */
export function formatSaturationLine(results: SimulationResults): string | null {
  const notice = saturationNotice(results.kpis, 'end');
  if (!notice) return null;
  return `${notice.level === 'saturated' ? 'Warning' : 'Note'}: ${notice.text}`;
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
  const saturation = formatSaturationLine(results);
  return [
    describeRun(results, traffic),
    ...(saturation ? ['', saturation] : []),
    '',
    section('Key performance indicators', formatKpiTable(results)),
    '',
    section('Cars', formatCarTable(results)),
    '',
  ].join('\n');
}

/**
 * One row per KPI (and, with several groups, one per group interval); for each dispatcher its mean and
 * the 95% Student-t interval of the mean.
 */
export function formatComparisonTable(
  summary: ComparisonSummary,
  dispatchers: readonly string[],
  groupIntervals: GroupIntervalSummary = {},
): string {
  const columns = [
    { header: 'KPI' },
    { header: 'Unit' },
    ...dispatchers.flatMap((d) => [
      { header: `${d} mean`, align: 'right' as const },
      { header: `${d} 95% CI`, align: 'right' as const },
    ]),
  ];
  const cells = (stats: Record<string, KpiStat> | undefined, decimals: number) =>
    dispatchers.flatMap((d) => {
      const stat = stats?.[d];
      if (!stat || stat.n === 0) return ['—', '—'];
      const ci =
        stat.ci95Low === null || stat.ci95High === null
          ? '—'
          : `[${formatNumber(stat.ci95Low, decimals)}, ${formatNumber(stat.ci95High, decimals)}]`;
      return [formatNumber(stat.mean, decimals), ci];
    });
  const groups = Object.keys(groupIntervals);
  const rows = KPI_DEFINITIONS.flatMap(({ key, label, unit }) => {
    const row = [label, unit, ...cells(summary[key], KPI_DECIMALS[key] ?? 1)];
    if (key !== 'interval' || groups.length < 2) return [row];
    return [row, ...groups.map((g) => [groupIntervalLabel(g), 's', ...cells(groupIntervals[g], 1)])];
  });
  return formatTable(columns, rows);
}

/** One warning line per dispatcher with saturated runs (none when every run kept up). */
export function formatComparisonSaturation(
  counts: Readonly<Record<string, SaturationCount>>,
  dispatchers: readonly string[],
): string[] {
  const lines: string[] = [];
  for (const d of dispatchers) {
    const c = counts[d];
    if (!c || c.saturatedRuns === 0) continue;
    const whose = c.groups.length > 0 ? ` (group ${c.groups.join(', ')})` : '';
    lines.push(
      `Warning: ${d} saturated in ${c.saturatedRuns} of ${c.runs} seed(s): on average ` +
        `${formatNumber(c.meanStillWaiting, 0)} passengers still waiting at the end, the traffic exceeds ` +
        `the group's capacity${whose}; their waits count as elapsed so far (lower bounds).`,
    );
  }
  return lines;
}
