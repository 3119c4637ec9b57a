/** `hoistway-sim calc`: the analytic up-peak figures (Barney / CIBSE Guide D) per car group. */
import type { Command } from 'commander';
import { upPeakCalc } from '../../calculator.js';
import { formatNumber, formatTable } from '../format/table.js';
import { loadBuilding } from '../load-input.js';

interface CalcCommandOptions {
  building: string;
  json?: boolean;
}

export function registerCalc(program: Command): void {
  program
    .command('calc')
    .summary('analytic up-peak round trip time, interval and handling capacity')
    .description(
      'Compute the classical up-peak figures per car group (Barney / CIBSE Guide D): probable stops S, ' +
        'highest reversal floor H, round trip time, interval, handling capacity HC5 and the estimated ' +
        'average wait. A saturated up-peak simulation should land near these numbers.',
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
      const figures = upPeakCalc(loadBuilding(options.building));
      if (options.json) {
        process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
        return;
      }
      const rows: [string, string, (f: (typeof figures)[number]) => number | null, number][] = [
        ['Cars (L)', 'cars', (f) => f.cars, 0],
        ['Car capacity', 'persons', (f) => f.capacity, 0],
        ['Floors served above the entrance (N)', 'floors', (f) => f.floorsAbove, 0],
        ['Population above the entrance (U)', 'persons', (f) => f.population, 0],
        ['Mean floor height (df)', 'm', (f) => f.floorDistance, 2],
        ['Average passengers per trip (P)', 'persons', (f) => f.P, 1],
        ['Probable stops (S)', 'stops', (f) => f.S, 2],
        ['Highest reversal floor (H)', 'floors', (f) => f.H, 2],
        ['Time to pass one floor at rated speed (tv)', 's', (f) => f.tv, 2],
        ['Single-floor flight time (tf(1))', 's', (f) => f.tf1, 2],
        ['Time per stop (ts)', 's', (f) => f.ts, 2],
        ['Express jump (zone above unserved floors)', 's', (f) => f.expressJump, 1],
        ['Round trip time (RTT)', 's', (f) => f.rtt, 1],
        ['Interval (RTT / L)', 's', (f) => f.interval, 1],
        ['Handling capacity (HC5)', 'persons', (f) => f.hc5Persons, 0],
        ['Handling capacity (HC5)', '% pop.', (f) => f.hc5Percent, 1],
        ['Estimated average wait (AWT)', 's', (f) => f.awt, 1],
      ];
      const table = formatTable(
        [
          { header: 'Up-peak figure' },
          { header: 'Unit' },
          ...figures.map((f) => ({ header: f.group, align: 'right' as const })),
        ],
        rows.map(([label, unit, get, decimals]) => [
          label,
          unit,
          ...figures.map((f) => formatNumber(get(f), decimals)),
        ]),
      );
      process.stdout.write(`Analytic up-peak figures (Barney / CIBSE Guide D), by car group\n\n${table}\n`);
    });
}
