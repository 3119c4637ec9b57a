/**
 * The bundled CLI (dist/bundle/, run by bin/hoistway-sim.js) behaves as the tsc output
 * (dist/cli/main.js) does, including the commands whose code it loads on demand: compare (worker
 * pool, statistics) and generate (database client).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBundled } from './helpers/build.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SMALL = 'test/fixtures/small-office.json';

function run(entry: 'bin/hoistway-sim.js' | 'dist/cli/main.js', args: string[]) {
  const r = spawnSync(process.execPath, [entry, ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    env: { ...process.env, HOISTWAY_DEBUG: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Same exit code and output from the bundle and from the tsc output. */
function expectSame(args: string[]): ReturnType<typeof run> {
  const bundled = run('bin/hoistway-sim.js', args);
  const plain = run('dist/cli/main.js', args);
  expect(bundled.status, bundled.stderr).toBe(plain.status);
  expect(bundled.stdout).toBe(plain.stdout);
  expect(bundled.stderr).toBe(plain.stderr);
  return bundled;
}

beforeAll(() => ensureBundled(), 120_000);

describe('bundled hoistway-sim', () => {
  it('run, calc, validate and help print what the tsc build prints', () => {
    expect(expectSame(['run', '-b', SMALL, '--duration', '900', '--json']).status).toBe(0);
    expect(
      expectSame(['run', '-b', SMALL, '-t', 'up-peak:15', '-d', 'nearest', '--duration', '900']).status,
    ).toBe(0);
    expect(expectSame(['calc', '-b', SMALL]).status).toBe(0);
    expect(expectSame(['validate', SMALL]).status).toBe(0);
    expect(expectSame(['--help']).status).toBe(0);
    expect(expectSame(['compare', '--help']).status).toBe(0);
    // Bad input: the same message and exit code.
    expect(expectSame(['run', '-b', 'test/fixtures/bad-building.json']).status).toBe(2);
  });

  it('compare runs its worker pool from the bundle', () => {
    const args = ['compare', '-b', SMALL, '-d', 'eta,collective', '-n', '2', '--duration', '900', '--json'];
    const r = expectSame(args);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).runs).toHaveLength(4);
  });

  it('generate loads the database client on demand (unreachable server: exit 2, one message)', () => {
    const r = run('bin/hoistway-sim.js', [
      'generate',
      '-b',
      SMALL,
      '--database-url',
      'postgres://postgres@127.0.0.1:1/none',
      '--dataset',
      'bundle-test',
      '--episodes',
      '1',
      '--duration',
      '600',
    ]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('cannot connect to the database');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
