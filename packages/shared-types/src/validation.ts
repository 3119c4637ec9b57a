import { z } from 'zod';

/** One broken rule, addressed by a JS-style path such as `groups[0].cars[2].speed`. */
export interface FieldIssue {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Turn a path array into `groups[0].cars[2].speed`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    // Unknown keys are reported on the parent object; name them in the path instead.
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys;
      return {
        path: formatPath([...issue.path, ...(keys.length === 1 ? [keys[0]!] : [])]),
        message: keys.length === 1 ? 'unknown field' : `unknown fields: ${keys.join(', ')}`,
      };
    }
    return { path: formatPath(issue.path), message: issue.message };
  });
}

/** `groups[0].cars[2].speed: must be > 0`, one per line. */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
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
