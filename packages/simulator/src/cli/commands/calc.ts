/** `hoistway-sim calc`: the analytic up-peak figures per car group, textbook and engine-consistent. */
import type { Command } from 'commander';
import type { Building, ParkingPolicy } from '@hoistway/shared-types';
import { upPeakCalc, type RoundTripFigures, type UpPeakFigures } from '../../calculator.js';
import { groupsWithoutTraffic } from '../../group-traffic.js';
import { formatNumber, formatTable } from '../format/table.js';
import { loadBuilding } from '../load-input.js';
import { writeGroupWarnings } from './group-warnings.js';

interface CalcCommandOptions {
  building: string;
  json?: boolean;
}

/** What each parking policy means for the up-peak figures. */
export const PARKING_NOTES: Record<ParkingPolicy, string> = {
  auto: 'lobby return while incoming traffic dominates',
  lobby: 'idle cars return to the main entrance',
  distributed: 'idle cars spread over the zones: below saturation, cars first travel to the lobby',
  none: 'idle cars stay where they are: below saturation, cars first travel to the lobby',
};

export function registerCalc(program: Command): void {
  program
    .command('calc')
    .summary('analytic up-peak round trip time, interval and handling capacity')
    .description(
      'Compute the up-peak figures per car group twice: as the textbook does (Barney / CIBSE Guide D: ' +
        'P = loading factor × capacity, no door dwell) and with the simulator engine’s own rules ' +
        '(floor(loading factor × capacity) boarders, doors held max(dwell, transfers × transfer time) at ' +
        'every stop, jerk-limited flights between the expected stops). A saturated up-peak simulation ' +
        'lands near the engine-consistent figures. Groups that can receive no traffic are warned about ' +
        'on stderr (the exit code stays 0).',
    )
    .requiredOption('-b, --building <file>', 'building JSON file')
    .option('--json', 'print the figures as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ hoistway-sim calc --building examples/office-20.json
  $ hoistway-sim calc -b examples/office-20.json --json`,
    )
    .action((options: CalcCommandOptions) => {
      const building = loadBuilding(options.building);
      const figures = upPeakCalc(building);
      const idle = groupsWithoutTraffic(building, building.defaultTraffic);
      if (options.json) process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
      else process.stdout.write(formatCalc(building, figures, new Set(idle.map((g) => g.index))));
      writeGroupWarnings(options.building, idle);
    });
}

/** The plain-text report: group inputs, then one Barney and one engine column per group. */
export function formatCalc(building: Building, figures: UpPeakFigures[], idle: ReadonlySet<number>): string {
  const inputs: [string, string, (f: UpPeakFigures) => string][] = [
    ['Cars (L)', 'cars', (f) => formatNumber(f.cars, 0)],
    ['Car capacity (CC)', 'persons', (f) => formatNumber(f.capacity, 0)],
    ['Floors served above the entrance (N)', 'floors', (f) => formatNumber(f.floorsAbove, 0)],
    ['Population above the entrance (U)', 'persons', (f) => formatNumber(f.population, 0)],
    ['Mean floor height (df)', 'm', (f) => formatNumber(f.floorDistance, 2)],
    ['Rise to the first floor served above', 'm', (f) => formatNumber(f.firstRise, 2)],
    ['Express distance (rise - df)', 'm', (f) => formatNumber(f.expressDistance, 2)],
    ['Parking policy', '', (f) => f.parking],
  ];
  const inputTable = formatTable(
    [
      { header: 'Group input' },
      { header: 'Unit' },
      ...figures.map((f) => ({ header: f.group, align: 'right' as const })),
    ],
    inputs.map(([label, unit, get]) => [label, unit, ...figures.map(get)]),
  );

  const both = (get: (m: RoundTripFigures) => number, decimals: number) => (f: UpPeakFigures) => [
    formatNumber(get(f.textbook), decimals),
    formatNumber(get(f.engine), decimals),
  ];
  // Capacity a group cannot receive is not capacity: shown as '—' (see the warnings).
  const capacity = (get: (m: RoundTripFigures) => number, decimals: number) => (f: UpPeakFigures) =>
    idle.has(figures.indexOf(f)) ? ['—', '—'] : both(get, decimals)(f);
  const textbookOnly = (get: (f: UpPeakFigures) => number, decimals: number) => (f: UpPeakFigures) => [
    formatNumber(get(f), decimals),
    '',
  ];
  const rows: [string, string, (f: UpPeakFigures) => string[]][] = [
    ['Passengers per trip (P)', 'persons', both((m) => m.P, 1)],
    ['Probable stops (S)', 'stops', both((m) => m.S, 2)],
    ['Highest reversal floor (H)', 'floors', both((m) => m.H, 2)],
    ['Time to pass one floor at rated speed (tv)', 's', textbookOnly((f) => f.textbook.tv, 2)],
    ['Single-floor flight time (tf(1))', 's', textbookOnly((f) => f.textbook.tf1, 2)],
    ['Time per stop (ts)', 's', textbookOnly((f) => f.textbook.ts, 2)],
    ['Express jump (2 x express / v)', 's', textbookOnly((f) => f.textbook.expressJump, 1)],
    ['Flight time', 's', both((m) => m.flight, 1)],
    ['Door opening and closing', 's', both((m) => m.doors, 1)],
    ['Start delays', 's', both((m) => m.startDelays, 1)],
    ['Transfers and door dwell', 's', both((m) => m.transfers, 1)],
    ['Round trip time (RTT)', 's', both((m) => m.rtt, 1)],
    ['Interval', 's', both((m) => m.interval, 1)],
    ['Handling capacity (HC5)', 'persons', capacity((m) => m.hc5Persons, 0)],
    ['Handling capacity (HC5)', '% pop.', capacity((m) => m.hc5Percent, 1)],
    ['Estimated average wait (AWT)', 's', both((m) => m.awt, 1)],
  ];
  const figureTable = formatTable(
    [
      { header: 'Up-peak figure' },
      { header: 'Unit' },
      ...figures.flatMap((f) => [
        { header: `${f.group} Barney`, align: 'right' as const },
        { header: `${f.group} engine`, align: 'right' as const },
      ]),
    ],
    rows.map(([label, unit, get]) => [label, unit, ...figures.flatMap(get)]),
  );

  const population = building.floors.reduce((s, f) => s + f.population, 0);
  const credited = figures.filter((_, i) => !idle.has(i));
  const total = credited.reduce((s, f) => s + f.engine.hc5Persons, 0);
  const left = figures.filter((_, i) => idle.has(i)).map((f) => `"${f.group}"`);
  const totalLine =
    `Building handling capacity (engine): ${formatNumber(total, 0)} persons per 5 min` +
    (population > 0 ? ` = ${formatNumber((100 * total) / population, 1)} % of ${population} persons` : '') +
    (left.length > 0 ? `, not counting ${left.join(', ')} (can receive no traffic)` : '');
  const parking = figures
    .filter((f) => f.parking !== 'auto' && f.parking !== 'lobby')
    .map(
      (f) =>
        `Note: group "${f.group}" parks "${f.parking}": ${PARKING_NOTES[f.parking]}, so waits exceed the estimate.`,
    );

  return [
    'Analytic up-peak figures by car group',
    '',
    inputTable,
    '',
    figureTable,
    '',
    totalLine,
    ...parking,
    '',
    'Barney: the textbook (Barney / CIBSE Guide D). P = loading factor x CC;',
    '  RTT = 2*H*tv + (S+1)*ts + 2*P*tp + express jump.',
    "engine: the simulator engine's rules. P = floor(loading factor x CC) boarders; the doors stay open",
    '  max(dwell, P*tp) at the entrance and max(dwell, alighting*tp) at each stop; jerk-limited flights',
    '  between the expected stops. A saturated up-peak simulation lands near these.',
    '',
  ].join('\n');
}
