#!/usr/bin/env node
/**
 * Bundles the built CLI (dist/cli/main.js, tsc output) into dist/bundle/: one ES module holding what
 * every command needs (commander, zod, the shared types, engine, traffic, formatting) and chunks
 * that `compare` and `generate` import when they run. Start-up then reads a few files instead of
 * ~200 modules. bin/hoistway-sim.js runs the bundle when it is at least as new as the tsc build.
 *
 * Left external (loaded from node_modules by the commands that use them): the worker pool, the
 * database client and ORM, the statistics library, the training library (TensorFlow.js), and `@hoistway/shared-types/db`, which finds
 * its migration files relative to its own location. dist/bundle/ sits two levels below the package
 * root, like dist/worker/, so the worker path computed from import.meta.url stays right (and so do
 * the source maps, built in dist/bundle-next/).
 *
 * Run after `tsc -b tsconfig.lib.json` (the package's `build` target does both).
 */
import { renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dist = (path) => fileURLToPath(new URL(`../dist/${path}`, import.meta.url));

// Built beside the current bundle, then swapped in: a CLI starting meanwhile finds the old bundle,
// or none (and runs the tsc output), never a half-written one. Chunk names carry content hashes,
// so the previous build's files go.
rmSync(dist('bundle-next'), { recursive: true, force: true });
await build({
  absWorkingDir: packageDir,
  entryPoints: { 'hoistway-sim': 'dist/cli/main.js' },
  outdir: 'dist/bundle-next',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  sourcemap: true,
  // Smaller files parse faster; names kept for readable stack traces (HOISTWAY_DEBUG=1).
  minify: true,
  keepNames: true,
  logLevel: 'warning',
  external: [
    'piscina',
    'pg-boss',
    'postgres',
    '@tensorflow/*',
    'drizzle-orm',
    'drizzle-orm/*',
    '@stdlib/*',
    '@hoistway/shared-types/db',
  ],
  // Bundled CommonJS (commander, cli-progress) calls require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as __hoistwayCreateRequire } from 'node:module';\nconst require = __hoistwayCreateRequire(import.meta.url);",
  },
});
rmSync(dist('bundle-previous'), { recursive: true, force: true });
try {
  renameSync(dist('bundle'), dist('bundle-previous'));
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(dist('bundle-next'), dist('bundle'));
rmSync(dist('bundle-previous'), { recursive: true, force: true });
