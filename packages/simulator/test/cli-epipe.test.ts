import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';

const bin = fileURLToPath(new URL('../bin/hoistway-sim.js', import.meta.url));

describe('stdout closed early (e.g. `hoistway-sim … | head -3`)', () => {
  beforeAll(() => ensureBuilt());

  it('ends quietly: no EPIPE stack trace, no error exit', async () => {
    const building = fileURLToPath(new URL('../examples/office-10.json', import.meta.url));
    const args = [
      'compare',
      '-b',
      building,
      '-d',
      'eta,nearest',
      '-n',
      '2',
      '--duration',
      '900',
      '--warm-up',
      '0',
    ];
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `… | head -0`: the reader is gone before the table is written.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*\(node:/);
    expect(code).toBe(0);
  });
});
