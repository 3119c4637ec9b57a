/** Turns command-line options into a validated RunConfig, naming the option when a value is refused. */
import {
  runConfigSchema,
  simulationBudgetIssues,
  validate,
  type Building,
  type RunConfig,
  type Traffic,
} from '@hoistway/shared-types';
import { DAILY_PROFILE_DURATION } from '../traffic/index.js';
import { CliInputError } from './errors.js';
import { learnedModelOf, type DispatcherChoice } from './options.js';
import { CLI_WORK_LIMITS } from './work-limits.js';

export interface RunOptions {
  dispatcher: DispatcherChoice;
  seed: number;
  duration?: number;
  warmUp?: number;
  drain?: number;
}

const OPTION_OF_FIELD: Record<string, string> = {
  duration: '--duration',
  warmUp: '--warm-up',
  seed: '--seed',
  dispatcher: '--dispatcher',
  drainTime: '--drain',
};

/** Without --duration: one hour, or the full day for the daily template. */
export function defaultDuration(traffic: Traffic): number {
  return traffic.kind === 'template' && traffic.template === 'daily' ? DAILY_PROFILE_DURATION : 3600;
}

function dispatcherConfigOf(choice: DispatcherChoice): { name: string; model?: string } {
  const model = learnedModelOf(choice);
  return model === null ? { name: choice } : { name: 'learned', model };
}

/**
 * The run configuration of the options; given the building, also checks that one simulation stays
 * within the CLI's work budget (expected passengers over the duration).
 */
export function buildRunConfig(options: RunOptions, traffic: Traffic, building?: Building): RunConfig {
  const config = runConfigOf(options, traffic);
  if (building) {
    const issues = simulationBudgetIssues({ building, traffic, duration: config.duration }, CLI_WORK_LIMITS);
    if (issues.length > 0)
      throw new CliInputError(
        issues.map((i) => `${i.path === 'traffic' ? '--traffic' : i.path}: ${i.message}`).join('\n'),
      );
  }
  return config;
}

function runConfigOf(options: RunOptions, traffic: Traffic): RunConfig {
  const result = validate(runConfigSchema, {
    duration: options.duration ?? defaultDuration(traffic),
    warmUp: options.warmUp,
    seed: options.seed,
    dispatcher: dispatcherConfigOf(options.dispatcher),
    drainTime: options.drain,
  });
  if (result.ok) return result.value;
  const lines = result.issues.map((issue) => {
    const field = issue.path.split(/[.[]/)[0]!;
    return `${OPTION_OF_FIELD[field] ?? issue.path}: ${issue.message}`;
  });
  throw new CliInputError(lines.join('\n'));
}
