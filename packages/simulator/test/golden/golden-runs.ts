/**
 * Golden runs: every example building × traffic × dispatcher, with a fingerprint (SHA-256) of its
 * results and passenger records. The engine must reproduce them exactly unless a change is meant to
 * alter behaviour; then `npm run golden:update -w packages/simulator` rewrites the fingerprints and the
 * commit says why.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildingSchema,
  runConfigSchema,
  validate,
  type Building,
  type DispatcherName,
} from '@hoistway/shared-types';
import { simulate } from '../../src/engine/index.js';
import { generateArrivals } from '../../src/traffic/generate.js';
import { resolveTraffic } from '../../src/traffic/resolve.js';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

export const GOLDEN_BUILDINGS = ['office-10', 'office-20', 'tower-40'] as const;
export const GOLDEN_TRAFFIC = ['up-peak:10', 'down-peak:10', 'lunch:10', 'interfloor:6'] as const;
export const GOLDEN_DISPATCHERS: readonly DispatcherName[] = [
  'collective',
  'nearest',
  'sectoring',
  'eta',
  'destination',
];
export const GOLDEN_DURATION = 1800;
export const GOLDEN_SEED = 7;

export function loadExample(name: string): Building {
  const checked = validate(buildingSchema, JSON.parse(readFileSync(`${examples}${name}.json`, 'utf8')));
  if (!checked.ok) throw new Error(`${name}: ${JSON.stringify(checked.issues)}`);
  return checked.value;
}

/** `building|traffic|dispatcher` → fingerprint of that run. */
export function goldenFingerprints(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of GOLDEN_BUILDINGS) {
    const building = loadExample(b);
    for (const t of GOLDEN_TRAFFIC) {
      const traffic = resolveTraffic(t, building);
      const arrivals = generateArrivals(building, traffic, { seed: GOLDEN_SEED, duration: GOLDEN_DURATION });
      for (const d of GOLDEN_DISPATCHERS) {
        const config = runConfigSchema.parse({
          duration: GOLDEN_DURATION,
          warmUp: 300,
          seed: GOLDEN_SEED,
          dispatcher: { name: d },
        });
        const { results, passengers } = simulate(building, arrivals, config);
        out[`${b}|${t}|${d}`] = createHash('sha256')
          .update(JSON.stringify(results))
          .update(JSON.stringify(passengers))
          .digest('hex');
      }
    }
  }
  return out;
}
