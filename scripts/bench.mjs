#!/usr/bin/env node
// `npm run bench`: runs every package benchmark on the built output, one after the other (they
// would disturb each other's timings if run together), and prints where the JSON figures went.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const benches = [
  'packages/simulator/bench/engine.mjs',
  'packages/simulator/bench/generate.mjs',
  'packages/simulator/bench/train.mjs',
  'packages/backend/bench/sessions.mjs',
  'packages/backend/bench/live.mjs',
  'packages/backend/bench/live-fast.mjs',
  'packages/frontend/bench/bundle-size.mjs',
  'packages/e2e/bench/live-fps.mjs',
];
let failed = false;
for (const file of benches) {
  if (!existsSync(file)) {
    console.log(`\n== ${file}: missing, skipped`);
    continue;
  }
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
console.log('\nFigures written to bench-results/*.json');
process.exit(failed ? 1 : 0);
