import { describe, expect, it } from 'vitest';
import { scanInput, unsafeTextReason } from './index.js';

describe('scanInput', () => {
  it('finds NUL and lone surrogates in values and keys, with their paths', () => {
    const scan = scanInput({
      name: 'ok',
      floors: [{ name: 'a\u0000' }, { name: 'fine' }],
      ['\ud800']: 1,
      deep: { list: [['\udc00x']] },
      pair: '\ud83d\ude00',
    });
    // Keys are checked when their object is visited; a reported path shows the bad character escaped.
    expect(scan.issues).toEqual([
      { path: '\\ud800', message: 'field name must be valid Unicode (it contains a lone surrogate)' },
      { path: 'floors[0].name', message: 'must not contain NUL characters (\\u0000)' },
      { path: 'deep.list[0][0]', message: 'must be valid Unicode (it contains a lone surrogate)' },
    ]);
  });

  it('accepts well-formed text, counts nodes, and stops at maxIssues', () => {
    expect(unsafeTextReason('Lobby 🛗 é')).toBeUndefined();
    expect(scanInput({ a: [1, 2, 'x'] }).nodes).toBe(6);
    expect(scanInput(Array(100).fill('\u0000'), { maxIssues: 3 }).issues).toHaveLength(3);
  });

  it('walks deep input without recursion', () => {
    let deep: unknown = 'end\u0000';
    for (let k = 0; k < 100_000; k++) deep = [deep];
    expect(scanInput(deep).issues).toHaveLength(1);
  });
});
