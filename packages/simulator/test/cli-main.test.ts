import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliInputError } from '../src/cli/errors.js';
import { buildProgram, main } from '../src/cli/main.js';

/** A program whose `boom` command throws the given error. */
function programThrowing(error: unknown) {
  const program = buildProgram();
  program.command('boom').action(() => {
    throw error;
  });
  return program;
}

function captureStderr() {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0,
  );
  return chunks;
}

describe('exit-code policy', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env['HOISTWAY_DEBUG'];
  });

  it('bad input: exit 2 with the message alone', async () => {
    const stderr = captureStderr();
    expect(
      await main(['boom'], programThrowing(new CliInputError('b.json: floors: must have at least 2 floors'))),
    ).toBe(2);
    expect(stderr.join('')).toBe('b.json: floors: must have at least 2 floors\n');
  });

  it('internal error: exit 1 with one line, no stack trace', async () => {
    const stderr = captureStderr();
    expect(await main(['boom'], programThrowing(new TypeError('x is undefined')))).toBe(1);
    expect(stderr.join('')).toBe('internal error: x is undefined (set HOISTWAY_DEBUG=1 for details)\n');
  });

  it('internal error with HOISTWAY_DEBUG=1: the stack trace', async () => {
    process.env['HOISTWAY_DEBUG'] = '1';
    const stderr = captureStderr();
    expect(await main(['boom'], programThrowing(new TypeError('x is undefined')))).toBe(1);
    expect(stderr.join('')).toMatch(/^internal error: TypeError: x is undefined\n\s+at /);
  });
});
