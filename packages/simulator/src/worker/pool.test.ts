import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './pool.js';

describe('worker flags', () => {
  it('drop only the @hoistway/source condition', () => {
    expect(
      workerExecArgv([
        '--conditions',
        '@hoistway/source',
        '--conditions',
        'node',
        '-C=@hoistway/source',
        '--max-old-space-size=512',
      ]),
    ).toEqual(['--conditions', 'node', '--max-old-space-size=512']);
  });
});
