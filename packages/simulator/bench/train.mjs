#!/usr/bin/env node
/**
 * Training benchmark, on the BUILT package: exploration episodes of office-20 lunch traffic (the same
 * rows and cost labels `generate` writes, kept in memory) until there are at least 100,000 decisions,
 * then `train`'s defaults (epochs, batch, network) on them. Target: training within 300 s. Prints
 * the time per epoch too, writes bench-results/train.json at the repo root, exits 0.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildingSchema, decisionFeatureNames } from '@hoistway/shared-types';
import { defaultCostLabels, defaultExploration, runEpisode, trainNetwork } from '../dist/index.js';

const TARGET_SECONDS = 300;
const DECISIONS = 100_000;
const EPOCHS = 8; // `hoistway-sim train`'s default
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const building = buildingSchema.parse(JSON.parse(readFileSync(here('../examples/office-20.json'), 'utf8')));
const traffic = { kind: 'template', template: 'lunch', intensity: 12 };
const settings = {
  seed: 1000,
  episodes: 1000,
  duration: 3600,
  drainTime: 600,
  exploration: defaultExploration,
  labels: defaultCostLabels,
};

const genStart = performance.now();
const f = decisionFeatureNames.length;
const features = [];
const chosen = [];
const cost = [];
const episode = [];
let decisions = 0;
for (let k = 0; decisions < DECISIONS; k++) {
  const r = runEpisode({ building, traffic, settings, episode: k });
  for (const s of r.samples) {
    if (s.cost === null) continue;
    features.push(...s.features);
    chosen.push(s.chosen ? 1 : 0);
    cost.push(s.cost);
    episode.push(k);
  }
  decisions += r.decisions;
}
const genSeconds = (performance.now() - genStart) / 1000;
const rows = {
  featureNames: [...decisionFeatureNames],
  features: Float32Array.from(features),
  chosen: Uint8Array.from(chosen),
  cost: Float32Array.from(cost),
  episode: Int32Array.from(episode),
  decisions,
};
console.log(
  `${decisions.toLocaleString('en')} decisions, ${cost.length.toLocaleString('en')} labelled rows (${f} features) ` +
    `generated in ${genSeconds.toFixed(1)} s`,
);
const epochTimes = [];
let last = performance.now();
const trained = await trainNetwork(rows, defaultCostLabels, {
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
});
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
