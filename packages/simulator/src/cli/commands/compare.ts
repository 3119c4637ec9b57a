/** `hoistway-sim compare`: dispatchers × seeds on a worker pool, KPI means with 95% confidence intervals. */
import type { Command } from 'commander';
import { dispatcherNames, type SimulationResults } from '@hoistway/shared-types';
import type { SimulationTask } from '../../worker/task.js';
import { defaultThreadCount } from '../../worker/threads.js';
import { describeTraffic, formatComparisonSaturation, formatComparisonTable } from '../format/results.js';
import { resolveLearnedDispatchers } from '../learned.js';
import { parseDispatcherList, parsePositiveInt, parseSeed, type DispatcherChoice } from '../options.js';
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
  const seeds = Array.from({ length: options.seeds }, (_, i) => options.seedStart + i);
  // Validate every configuration before starting any thread, so bad options fail fast.
  const tasks: (SimulationTask & { dispatcher: DispatcherChoice })[] = options.dispatchers.flatMap(
    (dispatcher) =>
      seeds.map((seed) => ({
        dispatcher,
        building,
        traffic,
        config: buildRunConfig({ ...options, dispatcher, seed }, traffic, building),
      })),
  );

  await resolveLearnedDispatchers(
    tasks.map((t) => t.config),
    options.databaseUrl,
    '--dispatchers',
  );

  // Loaded here, not with the CLI: the worker pool and the statistics are only compare's.
  const [{ runSimulationTasks }, { aggregateComparison, aggregateGroupIntervals, saturationCounts }] =
    await Promise.all([import('../../worker/pool.js'), import('../../comparison.js')]);
  const progress = createProgress({ unit: 'runs', mode: progressMode(options.progress) });
  let outputs;
  try {
    outputs = await runSimulationTasks(
      tasks.map(({ building, traffic, config }) => ({ building, traffic, config })),
      { threads: options.threads, onTaskDone: (done, total) => progress.update(done, total) },
    );
  } finally {
    progress.stop();
  }

  const byDispatcher: Record<string, SimulationResults[]> = {};
  for (const d of options.dispatchers) byDispatcher[d] = [];
  outputs.forEach((o, i) => byDispatcher[tasks[i]!.dispatcher]!.push(o.results));
  const summary = aggregateComparison(byDispatcher);
  const groupIntervals = aggregateGroupIntervals(byDispatcher);
  const saturation = saturationCounts(byDispatcher);
  const config = tasks[0]!.config;

  if (options.json) {
    const runs = outputs.map((o, i) => ({
      dispatcher: tasks[i]!.dispatcher,
      seed: tasks[i]!.config.seed,
      results: o.results,
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
