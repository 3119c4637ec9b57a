/**
 * One pass over untrusted JSON-like input (a request body, query string or path parameters, a socket
 * payload) before schema validation: text PostgreSQL cannot store (NUL, U+0000) or that is not valid
 * Unicode (a lone UTF-16 surrogate) is refused wherever it appears, in values and keys alike, so it
 * never reaches the database as a 500. The same pass counts the input's nodes, which tells the
 * caller whether a full validation report stays cheap.
 */
import { formatPath, type FieldIssue } from './validation.js';

export interface InputScan {
  /** Strings (or keys) that cannot be stored, at most `maxIssues` of them. */
  issues: FieldIssue[];
  /** Values and keys in the input, counted up to `nodeCap` (the walk goes on only to find issues). */
  nodes: number;
}

// ES2024's String.prototype.isWellFormed (Node 20+, current browsers); the lib here is ES2023.
const isWellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Why a string cannot be stored, or undefined when it can. */
export function unsafeTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters (\\u0000)';
  if (!isWellFormed(text)) return 'must be valid Unicode (it contains a lone surrogate)';
  return undefined;
}

interface Visit {
  value: unknown;
  key: string | number | undefined;
  parent: Visit | undefined;
}

/** NUL and lone surrogates written as `\uXXXX`, so a reported path never carries them itself. */
const visible = (key: string | number): string | number =>
  typeof key === 'number'
    ? key
    : key.replace(
        // eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
        /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );

function pathOf(visit: Visit, last?: string): (string | number)[] {
  const path: (string | number)[] = last === undefined ? [] : [visible(last)];
  for (let v: Visit | undefined = visit; v && v.key !== undefined; v = v.parent) path.unshift(visible(v.key));
  return path;
}

/**
 * Iterative (deep input cannot overflow the stack), paths built only for issues; stops once
 * `maxIssues` issues are found.
 */
export function scanInput(value: unknown, options: { maxIssues?: number } = {}): InputScan {
  const maxIssues = options.maxIssues ?? 20;
  const issues: FieldIssue[] = [];
  let nodes = 0;
  const stack: Visit[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0 && issues.length < maxIssues) {
    const visit = stack.pop()!;
    const current = visit.value;
    nodes++;
    if (typeof current === 'string') {
      const reason = unsafeTextReason(current);
      if (reason) issues.push({ path: formatPath(pathOf(visit)), message: reason });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], key: i, parent: visit });
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        nodes++;
        const reason = unsafeTextReason(key);
        if (reason) {
          issues.push({ path: formatPath(pathOf(visit, key)), message: `field name ${reason}` });
          if (issues.length >= maxIssues) break;
        }
        stack.push({ value: (current as Record<string, unknown>)[key], key, parent: visit });
      }
    }
  }
  return { issues, nodes };
}
