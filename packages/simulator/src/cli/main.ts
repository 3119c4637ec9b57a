#!/usr/bin/env node
/**
 * hoistway-sim: command-line front end of the simulator. Exit codes: 0 OK, 2 bad input (files,
 * options; one clear message, no stack trace), 1 internal error (stack only with HOISTWAY_DEBUG=1).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerCalc } from './commands/calc.js';
import { registerCompare } from './commands/compare.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerGenerate } from './commands/generate.js';
import { registerModel } from './commands/model.js';
import { registerTrain } from './commands/train.js';
import { registerRun } from './commands/run.js';
import { registerValidate } from './commands/validate.js';
import { registerWorker } from './commands/worker.js';
import { CliInputError, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK } from './errors.js';
import { exitQuietlyWhenStdoutCloses } from './closed-output.js';

/** Each entry adds one sub-command; add new commands here. */
const COMMANDS: ((program: Command) => void)[] = [
  registerRun,
  registerCompare,
  registerCalc,
  registerValidate,
  registerGenerate,
  registerTrain,
  registerModel,
  registerEvaluate,
  registerWorker,
];

export function buildProgram(): Command {
  const program = new Command('hoistway-sim')
    .description('Hoistway elevator traffic simulator: run simulations, compare dispatchers, check inputs.')
    // Throw instead of exiting, so every failure goes through the exit-code policy below
    // (set before adding commands: sub-commands inherit it).
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ hoistway-sim run --building examples/office-20.json --traffic up-peak:15
  $ hoistway-sim compare -b examples/office-20.json -d eta,nearest,collective -n 10
  $ hoistway-sim calc -b examples/office-20.json
  $ hoistway-sim validate examples/office-20.json
  $ DATABASE_URL=postgres://localhost/hoistway hoistway-sim worker

Exit codes: 0 success, 2 invalid input, 1 internal error (set HOISTWAY_DEBUG=1 for a stack trace).`,
    );
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function main(argv: readonly string[], program: Command = buildProgram()): Promise<number> {
  exitQuietlyWhenStdoutCloses();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    // Commander has already printed its message (or the help / version text).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    if (error instanceof CliInputError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const debug = process.env['HOISTWAY_DEBUG'] === '1';
    const detail =
      error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(
      `internal error: ${debug ? detail : detail.split('\n')[0]}${debug ? '' : ' (set HOISTWAY_DEBUG=1 for details)'}\n`,
    );
    return EXIT_INTERNAL;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    // npm's bin link is a symlink: compare real paths.
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
