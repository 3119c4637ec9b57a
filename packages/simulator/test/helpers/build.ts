import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the package (tsc -b is incremental: near-instant when dist is current) so the CLI and the
 * worker run from fresh JavaScript. Nx builds before testing too; this covers a plain `vitest run`.
 */
export function ensureBuilt(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.lib.json'], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  if (r.status !== 0 || !existsSync(`${packageDir}/dist/cli/main.js`))
    throw new Error(`build of packages/simulator failed:\n${r.stdout}${r.stderr}`);
}

/**
 * Builds the package and, unless it is current, the CLI bundle (dist/bundle/, which bin/hoistway-sim.js
 * runs when it is at least as new as the tsc build).
 */
export function ensureBundled(): void {
  ensureBuilt();
  const mtime = (path: string) =>
    statSync(`${packageDir}/${path}`, { throwIfNoEntry: false })?.mtimeMs ?? NaN;
  if (mtime('dist/bundle/hoistway-sim.js') >= mtime('dist/tsconfig.lib.tsbuildinfo')) return;
  const r = spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: packageDir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bundling the CLI failed:\n${r.stdout}${r.stderr}`);
}
