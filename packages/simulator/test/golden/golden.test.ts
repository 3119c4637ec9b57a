import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenFingerprints } from './golden-runs.js';

const expected = JSON.parse(readFileSync(new URL('./fingerprints.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;

describe('golden runs', () => {
  it('every example × traffic × dispatcher reproduces its recorded results exactly', () => {
    expect(goldenFingerprints()).toEqual(expected);
  });
});
