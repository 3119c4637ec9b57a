#!/usr/bin/env node
/**
 * Training benchmark, on the BUILT package: exploration episodes of office-20 lunch traffic (the same
 * candidate features `generate` writes, kept in memory) until there are at least 100,000 decisions
 * with a choice of cars, then `train`'s defaults (epochs, batch, network) on all of them. Target:
 * training within 300 s. Prints the time per epoch too, writes bench-results/train.json at the repo
 * root, exits 0.
 *
 * Labels: measuring 100,000 decisions by rollouts would take hours (one simulation per candidate per
 * decision), and the training time does not depend on the label values, so each decision's label is
 * its candidates' least-cost figure centred on the decision's mean: the same shape and scale as a
 * rollout advantage. The rollout labels themselves are measured in the generate benchmark and tests.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildingSchema, decisionFeatureNames } from '@hoistway/shared-types';
import { defaultExploration, defaultRolloutLabels, runEpisode, trainNetwork } from '../dist/node.js';

const TARGET_SECONDS = 300;
const DECISIONS = 100_000;
const EPOCHS = 8; // `hoistway-sim train`'s default
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const building = buildingSchema.parse(JSON.parse(readFileSync(here('../examples/office-20.json'), 'utf8')));
const traffic = { kind: 'template', template: 'lunch', intensity: 10 };
const settings = {
  seed: 1000,
  episodes: 1000,
  duration: 3600,
  drainTime: 600,
  exploration: defaultExploration,
  // Features only: no decision is labelled by rollouts here (see above).
  labels: { ...defaultRolloutLabels, labelShare: 0 },
};

const genStart = performance.now();
const f = decisionFeatureNames.length;
const features = [];
const chosen = [];
const cost = [];
const episode = [];
const group = [];
const leastCost = decisionFeatureNames.indexOf('leastCostSeconds');
let decisions = 0;
for (let k = 0; decisions < DECISIONS; k++) {
  const r = runEpisode({ building, traffic, settings, episode: k });
  const byDecision = new Map();
  for (const s of r.samples) {
    const list = byDecision.get(s.decision) ?? [];
    list.push(s);
    byDecision.set(s.decision, list);
  }
  for (const list of byDecision.values()) {
    if (list.length < 2) continue;
    const mean = list.reduce((sum, s) => sum + s.features[leastCost], 0) / list.length;
    for (const s of list) {
      features.push(...s.features);
      chosen.push(s.chosen ? 1 : 0);
      cost.push(s.features[leastCost] - mean);
      episode.push(k);
      group.push(decisions);
    }
    decisions++;
  }
}
const genSeconds = (performance.now() - genStart) / 1000;
const rows = {
  featureNames: [...decisionFeatureNames],
  features: Float32Array.from(features),
  chosen: Uint8Array.from(chosen),
  cost: Float32Array.from(cost),
  episode: Int32Array.from(episode),
  group: Int32Array.from(group),
  decisions,
};
console.log(
  `${decisions.toLocaleString('en')} decisions, ${cost.length.toLocaleString('en')} labelled rows (${f} features) ` +
    `generated in ${genSeconds.toFixed(1)} s`,
);
const epochTimes = [];
let last = performance.now();
const trained = await trainNetwork(
  rows,
  { horizon: defaultRolloutLabels.horizon, ridingWeight: defaultRolloutLabels.ridingWeight },
  {
    epochs: EPOCHS,
    seed: 1,
    onEpoch: (e) => {
      const now = performance.now();
      epochTimes.push((now - last) / 1000);
      last = now;
      console.log(
        `  epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, val loss ${e.valLoss?.toFixed(4)}, ${epochTimes.at(-1).toFixed(1)} s`,
      );
    },
  },
);
const seconds = trained.metrics.seconds;
const pass = seconds <= TARGET_SECONDS;
console.log(
  `train: ${EPOCHS} epochs in ${seconds.toFixed(1)} s (${(seconds / EPOCHS).toFixed(1)} s per epoch) with ${trained.library}, ` +
    `target ${TARGET_SECONDS} s -> ${pass ? 'PASS' : 'FAIL'}`,
);
const out = here('../../../bench-results/train.json');
mkdirSync(here('../../../bench-results/'), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      decisions,
      rows: cost.length,
      epochs: EPOCHS,
      seconds,
      epochTimes,
      generateSeconds: genSeconds,
      target: TARGET_SECONDS,
      pass,
    },
    null,
    2,
  ) + '\n',
);
console.log(`Figures written to ${out}`);
