import { z } from 'zod';

/** One broken rule, addressed by a JS-style path such as `groups[0].cars[2].speed`. */
export interface FieldIssue {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Most issues an error response (or a CLI message) lists; the rest are only counted. */
export const MAX_REPORTED_ISSUES = 20;
/** Longest object key quoted in a path or message (keys come from the input and may be huge). */
const MAX_KEY_CHARS = 40;
/** Unknown fields named in one message; the rest are counted. */
const MAX_NAMED_KEYS = 5;

/** A key as paths and messages show it: long ones cut to MAX_KEY_CHARS. */
export function shortKey(key: string): string {
  return key.length > MAX_KEY_CHARS ? `${key.slice(0, MAX_KEY_CHARS - 1)}…` : key;
}

/** Turn a path array into `groups[0].cars[2].speed`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? shortKey(String(part)) : `.${shortKey(String(part))}`;
  }
  return out === '' ? '(root)' : out;
}

/** Field issues of a zod error: all of them, or the first `limit`. */
export function issuesOf(error: z.ZodError, limit = Infinity): FieldIssue[] {
  return error.issues.slice(0, limit).map((issue) => {
    // Unknown keys are reported on the parent object; name them in the path instead.
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys;
      const named = keys.slice(0, MAX_NAMED_KEYS).map(shortKey).join(', ');
      const more = keys.length > MAX_NAMED_KEYS ? ` and ${keys.length - MAX_NAMED_KEYS} more` : '';
      return {
        path: formatPath([...issue.path, ...(keys.length === 1 ? [keys[0]!] : [])]),
        message: keys.length === 1 ? 'unknown field' : `unknown fields: ${named}${more}`,
      };
    }
    return { path: formatPath(issue.path), message: issue.message };
  });
}

/**
 * `groups[0].cars[2].speed: must be > 0`, one per line; at most `limit` lines, then how many more
 * there are.
 */
export function describeIssues(issues: readonly FieldIssue[], limit = MAX_REPORTED_ISSUES): string {
  const lines = issues.slice(0, limit).map((i) => `${i.path}: ${i.message}`);
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more`);
  return lines.join('\n');
}

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: issuesOf(parsed.error) };
}

// Small builders so every rule reads the same way in error messages.
export const positive = () =>
  z.number({ error: 'must be a number' }).finite('must be finite').positive('must be > 0');
export const nonNegative = () =>
  z.number({ error: 'must be a number' }).finite('must be finite').min(0, 'must be >= 0');
export const nonNegativeInt = () =>
  z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be >= 0');
export const positiveInt = () =>
  z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be >= 1');
