#!/usr/bin/env node
// Initial JavaScript of the production build: the entry script of dist/index.html plus the chunks it
// preloads, gzip-compressed (level 9, as nginx's gzip_static would serve them), against 200 kB.
// Run after `nx run frontend:build`; writes bench-results/frontend-bundle.json at the repo root.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '../dist');
const repoRoot = resolve(here, '../../..');
const BUDGET_KB = 200;

const indexPath = join(dist, 'index.html');
if (!existsSync(indexPath)) {
  console.error(
    'packages/frontend/dist/index.html is missing: build the web app first (npx nx run frontend:build)',
  );
  process.exit(1);
}
const html = readFileSync(indexPath, 'utf8');
const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
const files = [...new Set([...scripts, ...preloads])];

const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;
const chunks = files.map((url) => {
  const body = readFileSync(join(dist, url.replace(/^\//, '')));
  return { file: url, rawKb: kb(body.length), gzipKb: kb(gzipSync(body, { level: 9 }).length) };
});
const totalGzipKb = Math.round(chunks.reduce((s, c) => s + c.gzipKb, 0) * 10) / 10;
const result = {
  benchmark: 'initial JavaScript of the web app (entry + modulepreloads), gzip -9',
  date: new Date().toISOString(),
  chunks,
  totalGzipKb,
  budgetKb: BUDGET_KB,
  pass: totalGzipKb <= BUDGET_KB,
};

for (const c of chunks)
  console.log(
    `  ${c.file.padEnd(40)} ${String(c.rawKb).padStart(8)} kB  ${String(c.gzipKb).padStart(7)} kB gzip`,
  );
console.log(`Initial JS: ${totalGzipKb} kB gzip (budget ${BUDGET_KB} kB) — ${result.pass ? 'PASS' : 'FAIL'}`);
mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
writeFileSync(join(repoRoot, 'bench-results/frontend-bundle.json'), JSON.stringify(result, null, 2) + '\n');
process.exit(result.pass ? 0 : 1);
