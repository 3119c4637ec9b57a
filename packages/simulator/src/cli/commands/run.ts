/** `hoistway-sim run`: one simulation, summary table (or full JSON) on stdout. */
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { dispatcherNames } from '@hoistway/shared-types';
import { simulate } from '../../engine/index.js';
import { generateArrivals } from '../../traffic/index.js';
import { CliInputError } from '../errors.js';
import { passengersToCsv } from '../../passenger-csv.js';
import { formatRunSummary, formatSaturationLine } from '../format/results.js';
import { resolveLearnedDispatchers } from '../learned.js';
import { parseDispatcher, parseSeed, type DispatcherChoice } from '../options.js';
import { createProgress, progressMode } from '../progress.js';
import { buildRunConfig } from '../run-settings.js';
import {
  addInputOptions,
  addProgressOptions,
  addRunTimingOptions,
  loadSimulationInputs,
  type RunTimingOptions,
  type SimulationInputOptions,
} from './simulation-options.js';

interface RunCommandOptions extends SimulationInputOptions, RunTimingOptions {
  dispatcher: DispatcherChoice;
  seed: number;
  databaseUrl?: string;
  json?: boolean;
  passengers?: string;
  progress?: boolean;
}

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .summary('run one simulation and print its KPIs')
    .description(
      'Run one simulation of a building under a traffic pattern and print every KPI (waiting, transit, ' +
        'interval, throughput; per car: stops, distance, load). KPIs exclude the warm-up period; passengers ' +
        'still waiting at the end count with their wait so far, and a saturated run says so.',
    );
  addInputOptions(command)
    .addOption(
      new Option(
        '-d, --dispatcher <name>',
        `dispatching strategy (${dispatcherNames.join(', ')}, or learned:MODEL from the model registry)`,
      )
        .default('eta')
        .argParser(parseDispatcher),
    )
    .option(
      '--database-url <url>',
      'PostgreSQL of the model registry, for learned:MODEL (default: $DATABASE_URL)',
    )
    .option('-s, --seed <n>', 'random seed; same seed and inputs give identical results', parseSeed, 1);
  addRunTimingOptions(command)
    .option('--json', 'print the full results as JSON instead of tables')
    .option('--passengers <out.csv>', 'also write one CSV row per passenger to this file');
  addProgressOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ hoistway-sim run --building examples/office-20.json
  $ hoistway-sim run -b examples/office-20.json -t up-peak:15 -d collective --seed 7
  $ hoistway-sim run -b examples/office-20.json -t daily --json > day.json
  $ hoistway-sim run -b examples/office-20.json -t lunch -d learned:lunch --database-url postgres://localhost/hoistway
  $ hoistway-sim run -b examples/office-20.json -t traffic.json --passengers passengers.csv`,
    )
    .action((options: RunCommandOptions) => runCommand(options));
}

async function runCommand(options: RunCommandOptions): Promise<void> {
  const { building, traffic } = loadSimulationInputs(options);
  const config = buildRunConfig(options, traffic, building);
  await resolveLearnedDispatchers([config], options.databaseUrl);

  const arrivals = generateArrivals(building, traffic, { seed: config.seed, duration: config.duration });
  const progress = createProgress({ unit: 'simulated s', mode: progressMode(options.progress) });
  let outcome: ReturnType<typeof simulate>;
  try {
    outcome = simulate(building, arrivals, config, { onProgress: (t, end) => progress.update(t, end) });
  } finally {
    progress.stop();
  }
  const { results, passengers } = outcome;

  if (options.passengers !== undefined) {
    try {
      writeFileSync(options.passengers, passengersToCsv(passengers, building));
    } catch (error) {
      throw new CliInputError(
        `${options.passengers}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    process.stderr.write(`Wrote ${passengers.length} passenger records to ${options.passengers}\n`);
  }

  if (options.json) {
    // The JSON carries the figures; the warning still reaches a person watching the terminal.
    const saturation = formatSaturationLine(results);
    if (saturation && results.kpis.saturated) process.stderr.write(saturation + '\n');
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  } else process.stdout.write(formatRunSummary(results, traffic));
}
