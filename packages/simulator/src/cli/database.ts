/** The database edge of the commands that use the model registry (train, model, learned dispatchers). */
import type postgres from 'postgres';
import { LearnedModelError } from '../engine/dispatchers/learned.js';
import {
  DatabaseConnectionError,
  DatasetConflictError,
  TrainingInputError,
  UnknownModelError,
} from '../training/errors.js';
import { CliInputError } from './errors.js';

export function requireDatabaseUrl(option: string | undefined): string {
  const url = option ?? process.env['DATABASE_URL'];
  if (url === undefined || url === '')
    throw new CliInputError('--database-url: required (or set DATABASE_URL)');
  return url;
}

/** Input errors of the training code, as the CLI reports them (one line, exit 2). */
export function asCliError(error: unknown, option?: string): unknown {
  if (error instanceof UnknownModelError || error instanceof LearnedModelError)
    return new CliInputError(option ? `${option}: ${error.message}` : error.message);
  if (
    error instanceof DatabaseConnectionError ||
    error instanceof DatasetConflictError ||
    error instanceof TrainingInputError
  )
    return new CliInputError(error.message);
  return error;
}

/** Runs `work` with a client of a migrated database, then closes it. */
export async function withDatabase<T>(
  url: string,
  work: (sql: postgres.Sql) => Promise<T>,
  option?: string,
): Promise<T> {
  const { openMigratedClient } = await import('../training/writer.js');
  let sql: postgres.Sql | undefined;
  try {
    sql = await openMigratedClient(url);
    return await work(sql);
  } catch (error) {
    throw asCliError(error, option);
  } finally {
    await sql?.end({ timeout: 5 });
  }
}
