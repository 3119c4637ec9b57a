/**
 * Options that every simulating command (`run`, `compare`, `generate`) declares alike, so their names,
 * parsers and help text cannot drift apart; each command adds them where they belong in its help.
 */
import type { Building, Traffic } from '@hoistway/shared-types';
import type { Command } from 'commander';
import { loadBuilding, resolveTrafficOption } from '../load-input.js';
import { parsePositiveSeconds, parseSeconds } from '../options.js';
import { TRAFFIC_OPTION_HELP } from './shared-help.js';

export interface SimulationInputOptions {
  building: string;
  traffic?: string;
}

export interface RunTimingOptions {
  duration?: number;
  warmUp?: number;
  drain?: number;
}

/** `-b, --building` (required) and `-t, --traffic`. */
export function addInputOptions(command: Command): Command {
  return command
    .requiredOption('-b, --building <file>', 'building JSON file')
    .option('-t, --traffic <file|template>', TRAFFIC_OPTION_HELP);
}

/** `--duration`, `--warm-up` and `--drain`, with the run defaults of RunConfig. */
export function addRunTimingOptions(command: Command): Command {
  return command
    .option(
      '--duration <seconds>',
      'simulated time including warm-up (default 3600; daily template: the full day)',
      parsePositiveSeconds,
    )
    .option('--warm-up <seconds>', 'leading period excluded from the KPIs (default 300)', parseSeconds)
    .option(
      '--drain <seconds>',
      'after the duration, keep running without new arrivals up to this long (default 0)',
      parseSeconds,
    );
}

/** `--progress` / `--no-progress` (default: progress only on a terminal). */
export function addProgressOptions(command: Command): Command {
  return command
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .option('--no-progress', 'never show progress');
}

/** The building file and the traffic it runs under (the building's default when -t is not given). */
export function loadSimulationInputs(options: SimulationInputOptions): {
  building: Building;
  traffic: Traffic;
} {
  const building = loadBuilding(options.building);
  return { building, traffic: resolveTrafficOption(options.traffic, building, options.building) };
}
