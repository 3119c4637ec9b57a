/** `hoistway-sim compare`: dispatchers × seeds on a worker pool, KPI means with 95% confidence intervals. */
import type { Command } from 'commander';
import { dispatcherNames } from '@hoistway/shared-types';
import { defaultThreadCount } from '../../worker/threads.js';
import { describeTraffic, formatComparisonSaturation, formatComparisonTable } from '../format/results.js';
import { resolveLearnedDispatchers } from '../learned.js';
import { parseDispatcherList, parsePositiveInt, parseSeed, type DispatcherChoice } from '../options.js';
import { dispatcherSeedTasks, runSeedTasks, seedRange } from '../seed-tasks.js';
import {
  addInputOptions,
  addProgressOptions,
  addRunTimingOptions,
  loadSimulationInputs,
  type RunTimingOptions,
  type SimulationInputOptions,
} from './simulation-options.js';

interface CompareCommandOptions extends SimulationInputOptions, RunTimingOptions {
  dispatchers: DispatcherChoice[];
  databaseUrl?: string;
  seeds: number;
  seedStart: number;
  threads?: number;
  json?: boolean;
  progress?: boolean;
}

export function registerCompare(program: Command): void {
  const command = program
    .command('compare')
    .summary('compare dispatchers over several seeds (mean and 95% CI per KPI)')
    .description(
      'Run every dispatcher with the same seeds (so they face identical passengers) on a pool of worker ' +
        'threads, and report each KPI as the mean over seeds with a 95% confidence interval (Student t).',
    );
  addInputOptions(command)
    .requiredOption(
      '-d, --dispatchers <list>',
      `comma-separated dispatchers (${dispatcherNames.join(', ')}, learned:MODEL)`,
      parseDispatcherList,
    )
    .option(
      '--database-url <url>',
      'PostgreSQL of the model registry, for learned:MODEL (default: $DATABASE_URL)',
    )
    .requiredOption(
      '-n, --seeds <n>',
      'number of seeds per dispatcher (at least 2 for an interval)',
      parsePositiveInt,
    )
    .option('--seed-start <n>', 'first seed; seeds are seed-start .. seed-start + n - 1', parseSeed, 1);
  addRunTimingOptions(command)
    .option(
      '--threads <n>',
      `worker threads (default: available cores, here ${defaultThreadCount()})`,
      parsePositiveInt,
    )
    .option('--json', 'print the summary and every run as JSON instead of a table');
  addProgressOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ hoistway-sim compare -b examples/office-20.json -t up-peak:15 -d eta,nearest,collective -n 10
  $ hoistway-sim compare -b examples/office-20.json -d eta,destination -n 20 --seed-start 100 --json`,
    )
    .action((options: CompareCommandOptions) => compareCommand(options));
}

async function compareCommand(options: CompareCommandOptions): Promise<void> {
  const { building, traffic } = loadSimulationInputs(options);
  const seeds = seedRange(options.seedStart, options.seeds);
  const tasks = dispatcherSeedTasks(options.dispatchers, seeds, { building, traffic }, options);

  await resolveLearnedDispatchers(
    tasks.map((t) => t.config),
    options.databaseUrl,
    '--dispatchers',
  );

  // Loaded here, not with the CLI: the statistics are only compare's.
  const { aggregateComparison, aggregateGroupIntervals, saturationCounts } =
    await import('../../comparison.js');
  const { byDispatcher, results } = await runSeedTasks(tasks, options);
  const summary = aggregateComparison(byDispatcher);
  const groupIntervals = aggregateGroupIntervals(byDispatcher);
  const saturation = saturationCounts(byDispatcher);
  const config = tasks[0]!.config;

  if (options.json) {
    const runs = results.map((r, i) => ({
      dispatcher: tasks[i]!.choice,
      seed: tasks[i]!.config.seed,
      results: r,
    }));
    const report = {
      building: building.name,
      traffic,
      duration: config.duration,
      warmUp: config.warmUp,
      seeds,
      dispatchers: options.dispatchers,
      summary,
      groupIntervals,
      saturation,
      runs,
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  process.stdout.write(
    [
      `Building:    ${building.name}`,
      `Traffic:     ${describeTraffic(traffic)}`,
      `Runs:        ${options.dispatchers.length} dispatcher(s) x ${seeds.length} seed(s) (${seeds[0]}..${seeds.at(-1)}), ` +
        `${config.duration} s each, KPIs exclude the first ${config.warmUp} s`,
      `Each cell:   mean over seeds, and its 95% confidence interval (Student t, clipped at 0 and 100 %)`,
      '',
      formatComparisonTable(summary, options.dispatchers, groupIntervals),
      '',
      ...formatComparisonSaturation(saturation, options.dispatchers).flatMap((line) => [line, '']),
    ].join('\n'),
  );
}
