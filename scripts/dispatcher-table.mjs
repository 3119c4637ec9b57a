#!/usr/bin/env node
/**
 * The dispatcher comparison table: mean AWT with its 95% CI for every dispatcher, and least cost's
 * paired difference (same seeds, same passengers) to each heuristic, per example building and traffic.
 *   node scripts/dispatcher-table.mjs [--seeds 10] [--seed-start 1] [--intensity 10] [--buildings office-10,office-20]
 * Needs a build (`npm run build`); prints a Markdown table.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    intensity: { type: 'string', default: '10' },
    buildings: { type: 'string', default: 'office-10,office-20' },
    traffic: { type: 'string', default: 'up-peak,down-peak,lunch' },
    'seed-start': { type: 'string', default: '1' },
  },
});
const dispatchers = ['collective', 'nearest', 'sectoring', 'eta', 'destination'];
const T975 = { 2: 12.706, 5: 2.776, 10: 2.262, 20: 2.093, 30: 2.045 };
const t = (n) => T975[n] ?? 1.96;

function ci(xs) {
  const n = xs.length;
  const m = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
  const h = (t(n) * sd) / Math.sqrt(n);
  return { m, lo: m - h, hi: m + h };
}
const fmt = ({ m, lo, hi }) => `${m.toFixed(1)} [${lo.toFixed(1)}, ${hi.toFixed(1)}]`;

console.log(
  `| building | traffic | ${dispatchers.join(' | ')} | eta − best heuristic (paired) |\n|${'---|'.repeat(dispatchers.length + 3)}`,
);
for (const b of values.buildings.split(',')) {
  for (const tr of values.traffic.split(',')) {
    const out = execFileSync(
      process.execPath,
      [
        `${root}packages/simulator/dist/cli/main.js`,
        'compare',
        '-b',
        `${root}packages/simulator/examples/${b}.json`,
        '-t',
        `${tr}:${values.intensity}`,
        '-d',
        dispatchers.join(','),
        '-n',
        values.seeds,
        '--seed-start',
        values['seed-start'],
        '--json',
        '--no-progress',
      ],
      { maxBuffer: 1 << 30, encoding: 'utf8' },
    );
    const r = JSON.parse(out);
    const awt = {};
    for (const run of r.runs) (awt[run.dispatcher] ??= {})[run.seed] = run.results.kpis.awt;
    const seeds = Object.keys(awt.eta).map(Number);
    const cells = dispatchers.map((d) => fmt(ci(seeds.map((s) => awt[d][s]))));
    const heuristics = ['collective', 'nearest', 'sectoring'];
    const best = heuristics.reduce((x, y) =>
      ci(seeds.map((s) => awt[x][s])).m <= ci(seeds.map((s) => awt[y][s])).m ? x : y,
    );
    const diff = ci(seeds.map((s) => awt.eta[s] - awt[best][s]));
    console.log(`| ${b} | ${tr}:${values.intensity} | ${cells.join(' | ')} | ${fmt(diff)} vs ${best} |`);
  }
}
