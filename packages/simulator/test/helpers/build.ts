import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
