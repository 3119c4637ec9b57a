#!/usr/bin/env node
// Fails when the Drizzle schema and the committed migrations disagree: drizzle-kit regenerates
// into a copy of the committed folder, and any new or changed file there is drift.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const backendDir = fileURLToPath(new URL('..', import.meta.url));
const committed = join(backendDir, '../shared-types/drizzle');
const schema = join(backendDir, '../shared-types/src/db/schema.ts');
const scratch = mkdtempSync(join(tmpdir(), 'hoistway-drizzle-'));

const filesUnder = (root) =>
  readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(root, f)).isFile());

try {
  cpSync(committed, scratch, { recursive: true });
  // drizzle-kit prefixes `./` to --out, so it must be relative; it can also exit 0 on failure,
  // hence the check of its report below.
  const report = execFileSync(
    'npx',
    [
      'drizzle-kit',
      'generate',
      '--dialect=postgresql',
      `--schema=${schema}`,
      `--out=${relative(backendDir, scratch)}`,
    ],
    { cwd: backendDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const before = new Set(filesUnder(committed));
  const drift = filesUnder(scratch).filter(
    (f) =>
      !before.has(f) || readFileSync(join(scratch, f), 'utf8') !== readFileSync(join(committed, f), 'utf8'),
  );
  if (!/No schema changes/.test(report) && drift.length === 0) {
    console.error(`drizzle-kit did not confirm the schema:\n${report}`);
    process.exitCode = 1;
  } else if (drift.length > 0) {
    console.error(
      `Migrations are out of date with the schema (${drift.join(', ')}). Run: npm run db:generate -w packages/backend`,
    );
    process.exitCode = 1;
  } else {
    console.log('Migrations match the schema.');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
