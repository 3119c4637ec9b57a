import { createHash } from 'node:crypto';
import type { Building, Traffic } from '@hoistway/shared-types';

/** `up-peak-15` for templates; `od-1a2b3c4d` / `passengers-…` (hash of the content) otherwise. */
function trafficLabel(traffic: Traffic): string {
  if (traffic.kind === 'template') return `${traffic.template}-${traffic.intensity}`;
  const digest = createHash('sha256').update(JSON.stringify(traffic)).digest('hex').slice(0, 8);
  return `${traffic.kind}-${digest}`;
}

/** Default dataset name from building, traffic and seed, e.g. `Office 20 / lunch-12 / seed 7`. */
export function defaultDatasetName(building: Building, traffic: Traffic, seed: number): string {
  return `${building.name} / ${trafficLabel(traffic)} / seed ${seed}`;
}
