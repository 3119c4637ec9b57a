/**
 * `hoistway-sim evaluate`: a learned model against all five heuristics on seeds no training episode
 * used, paired per seed (every dispatcher faces the same passengers); the result is stored with the
 * model in the registry.
 */
import type { Command } from 'commander';
import { MAX_SEED, type DispatcherConfig, type ModelEvaluation } from '@hoistway/shared-types';
import { defaultThreadCount } from '../../worker/threads.js';
import {
  EVALUATION_HEURISTICS,
  MAX_EVALUATION_SEEDS,
  MIN_EVALUATION_SEEDS,
} from '../../training/evaluation.js';
import { CliInputError } from '../errors.js';
import { requireDatabaseUrl, withDatabase } from '../database.js';
import { describeTraffic } from '../format/results.js';
import { parsePositiveInt, parseSeed, type DispatcherChoice } from '../options.js';
import { dispatcherSeedTasks, runSeedTasks, seedRange } from '../seed-tasks.js';
import {
  addInputOptions,
  addProgressOptions,
  addRunTimingOptions,
  loadSimulationInputs,
  type RunTimingOptions,
  type SimulationInputOptions,
} from './simulation-options.js';

interface EvaluateCommandOptions extends SimulationInputOptions, RunTimingOptions {
  model: string;
  databaseUrl?: string;
  seeds: number;
  seedStart: number;
  threads?: number;
  json?: boolean;
  progress?: boolean;
}

export function registerEvaluate(program: Command): void {
  const command = program
    .command('evaluate')
    .summary('evaluate a learned model against the five heuristics on held-out seeds')
    .description(
      'Run the model and collective, nearest, sectoring, eta and destination on the same seeds (paired: ' +
        "identical passengers), none of which any of the model's training episodes used, and report each " +
        'KPI as the mean with a 95% confidence interval, and the paired AWT difference (mean, 95% CI) of the ' +
        'model to the best heuristic. The result is stored with the model in the registry.',
    )
    .requiredOption('-m, --model <model>', 'model: name (latest version), name@version, or id');
  addInputOptions(command)
    .option('--database-url <url>', 'PostgreSQL of the model registry (default: $DATABASE_URL)')
    .requiredOption(
      '-n, --seeds <n>',
      `number of seeds (${MIN_EVALUATION_SEEDS}..${MAX_EVALUATION_SEEDS})`,
      parsePositiveInt,
    )
    .option(
      '--seed-start <n>',
      'first seed; seeds are seed-start .. seed-start + n - 1 (none may be a training seed)',
      parseSeed,
      1,
    );
  addRunTimingOptions(command)
    .option(
      '--threads <n>',
      `worker threads (default: available cores, here ${defaultThreadCount()})`,
      parsePositiveInt,
    )
    .option('--json', 'print the evaluation as JSON instead of a table');
  addProgressOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ hoistway-sim evaluate -m lunch -b examples/office-20.json -t lunch -n 10 --seed-start 1
  $ hoistway-sim evaluate -m lunch@2 -b examples/office-20.json -t down-peak -n 20 --json`,
    )
    .action((options: EvaluateCommandOptions) => evaluateCommand(options));
}

async function evaluateCommand(options: EvaluateCommandOptions): Promise<void> {
  if (options.seeds < MIN_EVALUATION_SEEDS || options.seeds > MAX_EVALUATION_SEEDS)
    throw new CliInputError(
      `--seeds: must be ${MIN_EVALUATION_SEEDS}..${MAX_EVALUATION_SEEDS} (got ${options.seeds})`,
    );
  if (options.seedStart + options.seeds - 1 > MAX_SEED)
    throw new CliInputError(`--seed-start: the last seed would pass ${MAX_SEED}`);
  const url = requireDatabaseUrl(options.databaseUrl);
  const { building, traffic } = loadSimulationInputs(options);
  const seeds = seedRange(options.seedStart, options.seeds);

  const modelChoice: DispatcherChoice = `learned:${options.model}`;
  const choices: DispatcherChoice[] = [...EVALUATION_HEURISTICS, modelChoice];
  const tasks = dispatcherSeedTasks(choices, seeds, { building, traffic }, options);

  const [evaluation, { resolveModel }] = await Promise.all([
    import('../../training/evaluation.js'),
    import('../../training/model-registry.js'),
  ]);
  // Resolve the model and check the seeds against its training episodes before anything runs.
  const { spec, missing } = await withDatabase(
    url,
    async (sql) => {
      const spec = await resolveModel(sql, options.model);
      const training = await evaluation.modelTrainingSeeds(sql, spec.id);
      const overlap = evaluation.overlappingSeeds(seeds, training.seeds);
      if (overlap.length > 0)
        throw new CliInputError(evaluation.seedOverlapMessage('--seeds', '--seed-start', overlap, spec));
      return { spec, missing: training.missingDatasets };
    },
    '--model',
  );
  if (missing.length > 0)
    process.stderr.write(
      `warning: training dataset(s) ${missing.join(', ')} are not in this database; their seeds cannot be checked\n`,
    );
  const learnedLabel = `learned:${spec.name}@${spec.version}`;
  for (const t of tasks)
    if (t.config.dispatcher.name === 'learned')
      (t.config.dispatcher as Extract<DispatcherConfig, { name: 'learned' }>).resolved = spec;

  const { byDispatcher: runs } = await runSeedTasks(tasks, {
    ...options,
    labelOf: (choice) => (choice === modelChoice ? learnedLabel : choice),
  });
  const config = tasks[0]!.config;
  const result = evaluation.summariseEvaluation(runs, learnedLabel, {
    building: building.name,
    traffic: describeTraffic(traffic),
    duration: config.duration,
    warmUp: config.warmUp,
    seeds,
  });
  await withDatabase(url, (sql) => evaluation.storeEvaluation(sql, spec.id, result));

  if (options.json) {
    process.stdout.write(
      JSON.stringify({ model: { id: spec.id, name: spec.name, version: spec.version }, ...result }, null, 2) +
        '\n',
    );
    return;
  }
  process.stdout.write(formatEvaluation(result));
}

const KPI_COLUMNS: { key: keyof ModelEvaluation['kpis']; label: string; digits: number }[] = [
  { key: 'awt', label: 'AWT s', digits: 1 },
  { key: 'attd', label: 'ATTD s', digits: 1 },
  { key: 'p95Wait', label: 'p95 wait s', digits: 1 },
  { key: 'percentWaitsOver60', label: 'waits > 60 s %', digits: 1 },
];

function cell(
  s: { mean: number | null; ci95Low: number | null; ci95High: number | null } | undefined,
  d: number,
) {
  if (!s || s.mean === null) return '-';
  const ci =
    s.ci95Low === null || s.ci95High === null ? '' : ` [${s.ci95Low.toFixed(d)}, ${s.ci95High.toFixed(d)}]`;
  return `${s.mean.toFixed(d)}${ci}`;
}

export function formatEvaluation(e: ModelEvaluation): string {
  const header = ['dispatcher', ...KPI_COLUMNS.map((c) => c.label)];
  const rows = e.dispatchers.map((d) => [d, ...KPI_COLUMNS.map((c) => cell(e.kpis[c.key][d], c.digits))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  const p = e.pairedAwtDifference;
  const verdict =
    p.ci95High !== null && p.ci95High < 0
      ? 'the model is better (the interval is below zero)'
      : p.ci95Low !== null && p.ci95Low > 0
        ? 'the model is worse (the interval is above zero)'
        : 'no clear difference (the interval includes zero)';
  return [
    `Building:    ${e.building}`,
    `Traffic:     ${e.traffic}`,
    `Seeds:       ${e.seeds.length} (${e.seeds[0]}..${e.seeds.at(-1)}), none used in training; ${e.duration} s runs, KPIs exclude the first ${e.warmUp} s`,
    `Each cell:   mean over seeds [95% confidence interval]`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `${e.learned} − ${e.bestHeuristic} (best heuristic by AWT), paired AWT difference: ${cell(p, 1)} s` +
      (p.relative === null ? '' : ` (${(p.relative * 100).toFixed(1)}%)`),
    `  → ${verdict}`,
    '',
    'Stored with the model in the registry.',
    '',
  ].join('\n');
}
