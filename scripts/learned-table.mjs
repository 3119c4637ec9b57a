#!/usr/bin/env node
/**
 * A learned model against the heuristics on held-out seeds: mean AWT (and mean squared wait) with
 * 95% CIs per dispatcher, and the paired difference (same seeds, same passengers) of the learned
 * dispatcher to the best heuristic by mean AWT.
 *   node scripts/learned-table.mjs --model lunch --building examples/office-20.json --traffic lunch \
 *     [--seeds 20] [--seed-start 1] [--database-url URL]
 * Use seeds no training dataset used (`generate -s` sets a dataset's first seed). Needs a build.
 * `hoistway-sim evaluate` does the same, checks the seeds against the training episodes and stores the
 * result with the model; this script prints the markdown table of docs/dispatching.md.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    building: { type: 'string', default: 'examples/office-20.json' },
    traffic: { type: 'string', default: 'lunch' },
    seeds: { type: 'string', default: '20' },
    'seed-start': { type: 'string', default: '1' },
    'database-url': { type: 'string' },
  },
});
if (!values.model) throw new Error('--model is required');
const heuristics = ['collective', 'nearest', 'sectoring', 'eta', 'destination'];
const learned = `learned:${values.model}`;
const T975 = { 2: 12.706, 5: 2.776, 10: 2.262, 20: 2.093, 30: 2.045 };
const t = (n) => T975[n] ?? 1.96;
function ci(xs) {
  const n = xs.length;
  const m = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
  const h = (t(n) * sd) / Math.sqrt(n);
  return { m, lo: m - h, hi: m + h };
}
const fmt = ({ m, lo, hi }, d = 1) => `${m.toFixed(d)} [${lo.toFixed(d)}, ${hi.toFixed(d)}]`;

const args = [
  'packages/simulator/bin/hoistway-sim.js',
  'compare',
  '-b',
  values.building.startsWith('examples/') ? `packages/simulator/${values.building}` : values.building,
  '-t',
  values.traffic,
  '-d',
  [...heuristics, learned].join(','),
  '-n',
  values.seeds,
  '--seed-start',
  values['seed-start'],
  '--json',
  '--no-progress',
  ...(values['database-url'] ? ['--database-url', values['database-url']] : []),
];
const report = JSON.parse(
  execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 }),
);
const by = {};
for (const r of report.runs) (by[r.dispatcher] ??= new Map()).set(r.seed, r.results.kpis);
const awt = (d) => [...by[d].values()].map((k) => k.awt);
const msw = (d) => [...by[d].values()].map((k) => k.meanSquaredWait);
console.log(`${report.building}, ${values.traffic}, seeds ${report.seeds[0]}..${report.seeds.at(-1)}\n`);
console.log('| dispatcher | AWT s (95% CI) | mean squared wait s² (95% CI) |\n|---|---|---|');
for (const d of [...heuristics, learned])
  console.log(`| ${d} | ${fmt(ci(awt(d)))} | ${fmt(ci(msw(d)), 0)} |`);
for (const h of heuristics) {
  const paired = ci(report.seeds.map((s) => by[learned].get(s).awt - by[h].get(s).awt));
  console.log(`| ${learned} − ${h} (paired AWT) | ${fmt(paired)} s | |`);
}
const best = heuristics.reduce((b, d) => (ci(awt(d)).m < ci(awt(b)).m ? d : b));
const diff = report.seeds.map((s) => by[learned].get(s).awt - by[best].get(s).awt);
const d = ci(diff);
console.log(
  `\n${learned} − ${best} (best heuristic), paired AWT difference: ${fmt(d)} s ` +
    `(${((d.m / ci(awt(best)).m) * 100).toFixed(1)}%)`,
);
