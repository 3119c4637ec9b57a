/**
 * Task results as stored in run_tasks (jsonb). JSON has no NaN or Infinity, and a KPI without values is
 * NaN: they are written as strings and read back as numbers, so results aggregated from stored tasks
 * equal results aggregated in memory.
 */
const nonFinite: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

export function encodeTaskJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

/** Revives a stored value (already parsed by the driver, or still text). */
export function decodeTaskJson<T>(stored: unknown): T {
  const text = typeof stored === 'string' ? stored : JSON.stringify(stored);
  return JSON.parse(text, (_key, v: unknown) =>
    typeof v === 'string' && v in nonFinite ? nonFinite[v] : v,
  ) as T;
}
