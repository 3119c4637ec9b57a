/**
 * A field-level diff between two versions of a building (microdiff), with paths a person can read:
 * `groups[0].cars[2].speed` becomes `group "Low-rise" › car 3 › speed`.
 */
import type { Building } from '@hoistway/shared-types';
import diff from 'microdiff';

export interface BuildingChange {
  kind: 'added' | 'removed' | 'changed';
  /** Machine path (`groups[0].cars[2].speed`), stable for tests and keys. */
  path: string;
  /** Readable path with floor, group and car names. */
  label: string;
  before?: string;
  after?: string;
}

const KIND = { CREATE: 'added', REMOVE: 'removed', CHANGE: 'changed' } as const;

function show(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function machinePath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

interface Named {
  name?: string;
  id?: string;
}

/** Readable path, naming floors, groups and cars as they are in `from` (else `to`). */
function readablePath(path: readonly (string | number)[], from: Building, to: Building): string {
  const parts: string[] = [];
  let a: unknown = from;
  let b: unknown = to;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const next = path[i + 1];
    const at = (x: unknown, k: string | number) =>
      x !== null && typeof x === 'object' ? (x as Record<string | number, unknown>)[k] : undefined;
    if (typeof next === 'number' && (key === 'floors' || key === 'groups' || key === 'cars')) {
      const item = (at(at(a, key), next) ?? at(at(b, key), next)) as Named | undefined;
      const noun = key === 'floors' ? 'floor' : key === 'groups' ? 'group' : 'car';
      const name = key === 'cars' ? (item?.id ?? String(next + 1)) : (item?.name ?? String(next));
      parts.push(key === 'cars' && !item?.id ? `${noun} ${name}` : `${noun} "${name}"`);
      a = at(at(a, key), next);
      b = at(at(b, key), next);
      i++;
      continue;
    }
    parts.push(typeof key === 'number' ? `#${key + 1}` : key);
    a = at(a, key);
    b = at(b, key);
  }
  return parts.join(' › ');
}

/** Every field that differs from `from` to `to`, in document order. */
export function buildingChanges(from: Building, to: Building): BuildingChange[] {
  return diff(from as unknown as Record<string, unknown>, to as unknown as Record<string, unknown>).map(
    (d) => ({
      kind: KIND[d.type],
      path: machinePath(d.path),
      label: readablePath(d.path, from, to),
      ...('oldValue' in d ? { before: show(d.oldValue) } : {}),
      ...('value' in d ? { after: show(d.value) } : {}),
    }),
  );
}
