import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { trainingSampleCopyColumns } from '@hoistway/shared-types/db';
import {
  copyReal,
  copyRealArray,
  encodeSampleChunks,
  encodeSampleLine,
  escapeCopyText,
} from '../src/training/copy-text.js';
import { syntheticSamples } from './generate-fixtures.js';

const ID = '00000000-0000-4000-8000-000000000001';

describe('COPY text encoding', () => {
  it('prints reals that PostgreSQL stores as exactly the float32 of the value', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        // === so that -0 (printed as 0) counts as equal.
        expect(Math.fround(Number(copyReal(x))) === Math.fround(x)).toBe(true);
      }),
    );
    expect(copyReal(42)).toBe('42');
    expect(copyReal(-3)).toBe('-3');
    expect(copyReal(Number.NaN)).toBe('NaN');
    expect(copyReal(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(copyRealArray([1, 0.5, -2])).toBe('{1,0.500000000,-2}');
    expect(copyRealArray([])).toBe('{}');
  });

  it('escapes backslash, tab, newline and carriage return in text', () => {
    expect(escapeCopyText('plain')).toBe('plain');
    expect(escapeCopyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('lays a row out in the shared column order, NULL as \\N', () => {
    const [first, second] = syntheticSamples(3, 1, 2);
    const cells = encodeSampleLine(first!, ID).replace(/\n$/, '').split('\t');
    expect(cells).toHaveLength(trainingSampleCopyColumns.length);
    const byColumn = Object.fromEntries(trainingSampleCopyColumns.map((c, i) => [c, cells[i]]));
    expect(byColumn).toEqual({
      dataset_id: ID,
      episode: '3',
      decision: '0',
      sim_time: '0',
      candidate: '0',
      car_id: 'A1',
      features: '{0,0,0.500000000,-1.50000000,0,1,0,2,3.25000000,4,1.50000000,2.50000000,3}',
      chosen: 't',
      policy: 'eta',
      wait_time: '\\N',
      ride_time: '\\N',
      passengers: '0',
      cost: '\\N',
    });
    expect(encodeSampleLine(second!, ID).split('\t')[7]).toBe('f');
  });

  it('chunks the same text as line-by-line encoding, whatever the chunk size', () => {
    const samples = syntheticSamples(0, 40, 3);
    const lines = samples.map((s) => encodeSampleLine(s, ID)).join('');
    for (const size of [1, 100, 1000, 1 << 20]) {
      const chunks = [...encodeSampleChunks(samples, ID, size)];
      expect(chunks.join('')).toBe(lines);
      if (size === 1000) expect(chunks.length).toBeGreaterThan(3);
    }
  });
});
