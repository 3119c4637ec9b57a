/** `hoistway-sim generate`: exploration episodes → training rows in PostgreSQL (COPY, one transaction per episode). */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { dispatcherNames, type DispatcherConfig, type DispatcherName } from '@hoistway/shared-types';
import { DatabaseConnectionError, DatasetConflictError } from '../../training/errors.js';
import type { GenerateSummary } from '../../training/generate-dataset.js';
import { defaultRolloutLabels } from '../../training/rollout-labels.js';
import { defaultExploration, type GenerationSettings, type PolicyMix } from '../../training/settings.js';
import { CliInputError } from '../errors.js';
import { resolveLearnedDispatchers } from '../learned.js';
import {
  parseHeuristicList,
  parsePositiveInt,
  parsePositiveSeconds,
  parseSeconds,
  parseSeed,
} from '../options.js';
import { createProgress, progressMode } from '../progress.js';
import { buildRunConfig } from '../run-settings.js';
import {
  addInputOptions,
  addProgressOptions,
  loadSimulationInputs,
  type SimulationInputOptions,
} from './simulation-options.js';

interface GenerateCommandOptions extends SimulationInputOptions {
  databaseUrl?: string;
  episodes: number;
  seed: number;
  dataset?: string;
  resume?: boolean;
  epsilon: number;
  policies: DispatcherName[];
  policyMix: PolicyMix;
  policy?: string;
  duration?: number;
  drain: number;
  labelShare: number;
  horizon: number;
  json?: boolean;
  progress?: boolean;
}

const DEFAULT_DRAIN = 600;

export function parseProbability(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('Must be a number from 0 to 1.');
  return n;
}

export function registerGenerate(program: Command): void {
  const command = program
    .command('generate')
    .summary('generate training data for learned dispatchers into PostgreSQL')
    .description(
      'Run episodes with an exploration policy (each decision: a random car with probability epsilon, else ' +
        'the choice of a heuristic dispatcher picked per episode) and store one row per decision and ' +
        'candidate car: the engine features, whether it was chosen, by which policy, and the realised ' +
        'mean waiting and riding time of the passengers that decision served. A share of the decisions ' +
        '(--label-share) also gets, for every candidate car, its measured advantage: the episode is simulated ' +
        'again with the call given to that car and the policy deciding afterwards, and the passenger time ' +
        'of everyone over --horizon seconds is compared with the other candidates (what `train` learns). ' +
        'Each episode is written in one transaction, so an interrupted run can be continued exactly with --resume.',
    )
    .option('--database-url <url>', 'PostgreSQL connection URL (default: $DATABASE_URL)');
  addInputOptions(command)
    .requiredOption(
      '-n, --episodes <n>',
      'episodes in the dataset; episode k uses seed + k',
      parsePositiveInt,
    )
    .option('-s, --seed <n>', 'base random seed', parseSeed, 1)
    .option('--dataset <name>', 'dataset name (default: from building, traffic and seed)')
    .option('--resume', 'continue an existing dataset: skip its committed episodes (inputs must match)')
    .option(
      '--epsilon <p>',
      'probability of a uniformly random car at each decision',
      parseProbability,
      defaultExploration.epsilon,
    )
    .addOption(
      new Option('--policies <list>', `heuristic dispatchers to explore with (${dispatcherNames.join(', ')})`)
        .argParser(parseHeuristicList)
        .default(defaultExploration.policies, defaultExploration.policies.join(',')),
    )
    .option(
      '--label-share <p>',
      'share of the decisions labelled by counterfactual rollouts (each costs one simulation per candidate car)',
      parseProbability,
      defaultRolloutLabels.labelShare,
    )
    .option(
      '--horizon <seconds>',
      'passenger time counted after a labelled decision',
      parsePositiveSeconds,
      defaultRolloutLabels.horizon,
    )
    .option(
      '--policy <learned:MODEL>',
      'policy iteration: explore with a registered model (plus --epsilon random choices) instead of the heuristics',
    )
    .addOption(
      new Option('--policy-mix <mix>', 'how each episode picks its heuristic')
        .choices(['round-robin', 'random'])
        .default(defaultExploration.policyMix),
    )
    .option(
      '--duration <seconds>',
      'simulated arrivals per episode (default 3600; daily template: the full day)',
      parsePositiveSeconds,
    )
    .option(
      '--drain <seconds>',
      'after the duration, keep running so passengers get an outcome',
      parseSeconds,
      DEFAULT_DRAIN,
    )
    .option('--json', 'print the summary as JSON');
  addProgressOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ hoistway-sim generate --database-url postgres://localhost/hoistway -b examples/office-20.json -t lunch -n 50 -s 1
  $ hoistway-sim generate -b examples/office-20.json -t up-peak:15 -n 200 --dataset upPeak --resume
  $ hoistway-sim generate -b examples/office-20.json -t lunch -n 50 -s 1000 --policy learned:lunch --epsilon 0.1 --dataset lunch-pi1`,
    )
    .action((options: GenerateCommandOptions) => generateCommand(options));
}

function settingsFrom(options: GenerateCommandOptions, duration: number): GenerationSettings {
  return {
    seed: options.seed,
    episodes: options.episodes,
    duration,
    drainTime: options.drain,
    exploration: { epsilon: options.epsilon, policies: options.policies, policyMix: options.policyMix },
    labels: {
      horizon: options.horizon,
      ridingWeight: defaultRolloutLabels.ridingWeight,
      labelShare: options.labelShare,
    },
  };
}

async function generateCommand(options: GenerateCommandOptions): Promise<void> {
  const databaseUrl = options.databaseUrl ?? process.env['DATABASE_URL'];
  if (databaseUrl === undefined || databaseUrl === '')
    throw new CliInputError('--database-url: required (or set DATABASE_URL)');
  const { building, traffic } = loadSimulationInputs(options);
  // Same rules and messages as `run` for duration/drain (warm-up is irrelevant: every decision is kept).
  const config = buildRunConfig(
    { dispatcher: 'eta', seed: options.seed, duration: options.duration, warmUp: 0, drain: options.drain },
    traffic,
    building,
  );

  const settings = settingsFrom(options, config.duration);
  let model;
  if (options.policy !== undefined) {
    const ref = /^learned:(.+)$/.exec(options.policy.trim())?.[1]?.trim();
    if (!ref) throw new CliInputError('--policy: must be learned:MODEL (name, name@version or id)');
    const learned = { dispatcher: { name: 'learned' as const, model: ref } as DispatcherConfig };
    await resolveLearnedDispatchers([learned], databaseUrl, '--policy');
    model = (learned.dispatcher as Extract<DispatcherConfig, { name: 'learned' }>).resolved!;
    settings.exploration = {
      ...settings.exploration,
      policies: [],
      model: { id: model.id, name: model.name, version: model.version },
    };
  }

  const progress = createProgress({ unit: 'episodes', mode: progressMode(options.progress) });
  let summary: GenerateSummary;
  try {
    // Loaded here, not with the CLI: the database client and the training code are only generate's.
    const { generateDataset } = await import('../../training/generate-dataset.js');
    summary = await generateDataset({
      databaseUrl,
      building,
      traffic,
      settings,
      model,
      datasetName: options.dataset,
      resume: options.resume === true,
      onProgress: (done, total) => progress.update(done, total),
    });
  } catch (error) {
    if (error instanceof DatabaseConnectionError || error instanceof DatasetConflictError)
      throw new CliInputError(error.message);
    throw error;
  } finally {
    progress.stop();
  }
  process.stdout.write(options.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary));
}

export function formatSummary(s: GenerateSummary): string {
  const whole = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    `Dataset "${s.datasetName}" (${s.datasetId}), ${s.created ? 'created' : 'resumed'}`,
    `Episodes:      ${s.episodesWritten} written` +
      (s.episodesSkipped > 0 ? `, ${s.episodesSkipped} already present` : '') +
      ` (${s.episodesRequested} requested)`,
    `Decisions:     ${whole(s.decisions)}`,
    `Rows written:  ${whole(s.rows)}`,
    `Time:          ${s.seconds.toFixed(1)} s (database ingest ${s.ingestSeconds.toFixed(2)} s)`,
    `Rows/s:        ${whole(s.rowsPerSecond)} overall, ${whole(s.ingestRowsPerSecond)} ingest`,
    '',
  ].join('\n');
}
