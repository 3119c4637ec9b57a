/**
 * Reading the user's files: read → parse → validate against the shared schemas. Every failure becomes
 * a CliInputError whose message names the file and the field, one problem per line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import {
  buildingBudgetIssues,
  buildingDocumentSchema,
  trafficSchema,
  validate,
  type Building,
  type FieldIssue,
  type Traffic,
} from '@hoistway/shared-types';
import {
  checkTrafficForBuilding,
  parsePassengerCsv,
  resolveTraffic,
  TrafficInputError,
} from '../traffic/index.js';
import { CliInputError } from './errors.js';

export { CliInputError };
export { CLI_WORK_LIMITS } from './work-limits.js';
import { CLI_WORK_LIMITS } from './work-limits.js';

/** `FILE: path: message`, one line per issue. */
export function formatIssues(file: string, issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${file}: ${i.path}: ${i.message}`).join('\n');
}

export function readInputFile(file: string): string {
  try {
    if (statSync(file).isDirectory()) throw new CliInputError(`${file}: is a directory, expected a file`);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof CliInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliInputError(`${file}: file not found`);
    if (code === 'EACCES') throw new CliInputError(`${file}: permission denied`);
    throw new CliInputError(`${file}: cannot read (${code ?? String(error)})`);
  }
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // V8 reports "... at position N" (Node 20) or "(line L column C)" (Node 22+); say where either way.
    const position = /at position (\d+)/.exec(message);
    const where = position
      ? lineColumn(text, Number(position[1]))
      : /end of JSON input/.test(message)
        ? lineColumn(text, text.length)
        : null;
    const reason = message
      .replace(/\s*(in JSON )?at position \d+.*$/s, '')
      .replace(/\s*\(line \d+ column \d+\)/, '');
    const place = where ? ` at line ${where.line}, column ${where.column}` : '';
    throw new CliInputError(`${file}: malformed JSON${place}: ${reason}`);
  }
}

export function loadJsonFile(file: string): unknown {
  return parseJson(readInputFile(file), file);
}

/** A bare building definition or the web app's export file of one. */
export function validateBuilding(data: unknown, file: string): Building {
  const result = validate(buildingDocumentSchema, data);
  if (!result.ok) throw new CliInputError(formatIssues(file, result.issues));
  // Absurd sizes are refused as the backend refuses them (the same budget, the CLI's limits).
  const budget = buildingBudgetIssues(result.value, CLI_WORK_LIMITS);
  if (budget.length > 0) throw new CliInputError(formatIssues(file, budget));
  return result.value;
}

export function loadBuilding(file: string): Building {
  return validateBuilding(loadJsonFile(file), file);
}

/** Traffic JSON checked on its own, then against the building (floor indices, OD shapes and sums). */
export function validateTraffic(data: unknown, file: string, building?: Building): Traffic {
  const result = validate(trafficSchema, data);
  if (!result.ok) throw new CliInputError(formatIssues(file, result.issues));
  if (building) {
    const issues = checkTrafficForBuilding(building, result.value);
    if (issues.length > 0) throw new CliInputError(formatIssues(file, issues));
  }
  return result.value;
}

/** A passenger list CSV (time, origin, destination[, count]); floor names resolve against the building. */
export function loadPassengerCsv(file: string, building: Building): Traffic {
  const text = readInputFile(file);
  try {
    return parsePassengerCsv(text, building);
  } catch (error) {
    if (error instanceof TrafficInputError) throw new CliInputError(formatIssues(file, error.issues));
    throw error;
  }
}

export function isCsvFile(file: string): boolean {
  return extname(file).toLowerCase() === '.csv';
}

export function loadTrafficFile(file: string, building: Building): Traffic {
  if (isCsvFile(file)) return loadPassengerCsv(file, building);
  return validateTraffic(loadJsonFile(file), file, building);
}

/** Looks like a path rather than a template name such as `lunch` or `up-peak:15`. */
function looksLikePath(value: string): boolean {
  return /[/\\]/.test(value) || ['.json', '.csv'].includes(extname(value).toLowerCase());
}

/**
 * The `--traffic` option: a file, or a template (`lunch`, `up-peak:15`). Without it, the building's own
 * default traffic, else lunch at 12%/5 min. Template traffic is checked against the building too (zoning,
 * population), naming where it came from.
 */
export function resolveTrafficOption(
  value: string | undefined,
  building: Building,
  buildingFile: string,
): Traffic {
  if (value !== undefined && (existsSync(value) || looksLikePath(value)))
    return loadTrafficFile(value, building);
  let traffic: Traffic;
  try {
    traffic = resolveTraffic(value ?? 'default', building);
  } catch (error) {
    if (error instanceof TrafficInputError)
      throw new CliInputError(error.issues.map((i) => `--traffic: ${i.message}`).join('\n'));
    throw error;
  }
  const issues = checkTrafficForBuilding(building, traffic);
  if (issues.length > 0) {
    const source =
      value !== undefined
        ? '--traffic'
        : building.defaultTraffic
          ? `${buildingFile}: defaultTraffic`
          : 'default traffic';
    throw new CliInputError(issues.map((i) => `${source}: ${i.path}: ${i.message}`).join('\n'));
  }
  return traffic;
}
