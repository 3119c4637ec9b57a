#!/usr/bin/env node
// Committed launcher so `npm ci` can link the bin before the build exists. Runs the bundled CLI
// (dist/bundle/, see scripts/bundle-cli.mjs: a few files to load instead of ~200) when it is at least
// as new as the TypeScript build, else the tsc output itself (e.g. after a plain `tsc -b`).
import { statSync } from 'node:fs';

const mtime = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? NaN;
const bundled = mtime('../dist/bundle/hoistway-sim.js') >= mtime('../dist/tsconfig.lib.tsbuildinfo');
const { main } = await import(bundled ? '../dist/bundle/hoistway-sim.js' : '../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
