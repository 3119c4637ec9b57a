#!/usr/bin/env node
// Committed launcher so `npm ci` can link the bin before the TypeScript build exists.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
