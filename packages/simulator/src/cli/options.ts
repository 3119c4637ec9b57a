/**
 * Parsers for command-line option values. They throw commander's InvalidArgumentError, which commander
 * reports as "option '--seed <n>' argument 'x' is invalid. <reason>" (exit code 2, see main.ts).
 */
import { InvalidArgumentError } from 'commander';
import { dispatcherNames, MAX_SEED, type DispatcherName } from '@hoistway/shared-types';

function parseNumber(value: string): number {
  // Number('') is 0 and Number('1e3') is fine; reject blanks and trailing junk such as '10s'.
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('Must be a number.');
  return n;
}

export function parseSeconds(value: string): number {
  const n = parseNumber(value);
  if (n < 0) throw new InvalidArgumentError('Must be >= 0 seconds.');
  return n;
}

export function parsePositiveSeconds(value: string): number {
  const n = parseNumber(value);
  if (n <= 0) throw new InvalidArgumentError('Must be > 0 seconds.');
  return n;
}

export function parseSeed(value: string): number {
  const n = parseNumber(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_SEED)
    throw new InvalidArgumentError(`Must be an integer 0..${MAX_SEED}.`);
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = parseNumber(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('Must be an integer >= 1.');
  return n;
}

export function isDispatcherName(name: string): name is DispatcherName {
  return (dispatcherNames as readonly string[]).includes(name);
}

/** A heuristic dispatcher's name, or `learned:MODEL` (model name, name@version or id). */
export type DispatcherChoice = DispatcherName | `learned:${string}`;

const LEARNED_PREFIX = 'learned:';

/** The model named by a `learned:MODEL` choice, or null for a heuristic. */
export function learnedModelOf(choice: DispatcherChoice): string | null {
  return choice.startsWith(LEARNED_PREFIX) ? choice.slice(LEARNED_PREFIX.length) : null;
}

export function parseHeuristic(value: string): DispatcherName {
  if (!isDispatcherName(value))
    throw new InvalidArgumentError(
      `Unknown dispatcher "${value}"; choose one of ${dispatcherNames.join(', ')}.`,
    );
  return value;
}

export function parseDispatcher(value: string): DispatcherChoice {
  const text = value.trim();
  if (text.startsWith(LEARNED_PREFIX)) {
    const model = text.slice(LEARNED_PREFIX.length).trim();
    if (model === '') throw new InvalidArgumentError('learned:MODEL needs a model name, name@version or id.');
    return `learned:${model}`;
  }
  if (text === 'learned')
    throw new InvalidArgumentError(
      'The learned dispatcher needs a model: learned:MODEL (name, name@version or id).',
    );
  if (!isDispatcherName(text))
    throw new InvalidArgumentError(
      `Unknown dispatcher "${value}"; choose one of ${dispatcherNames.join(', ')}, or learned:MODEL.`,
    );
  return text;
}

function splitList(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0)
    throw new InvalidArgumentError(`List at least one of ${dispatcherNames.join(', ')}.`);
  return names;
}

/** `eta,nearest,learned:lunch` → distinct choices, in the given order. */
export function parseDispatcherList(value: string): DispatcherChoice[] {
  return [...new Set(splitList(value).map(parseDispatcher))];
}

/** Heuristics only (exploration policies of `generate`). */
export function parseHeuristicList(value: string): DispatcherName[] {
  return [...new Set(splitList(value).map(parseHeuristic))];
}
