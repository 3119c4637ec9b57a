import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliInputError } from '../src/cli/errors.js';
import { loadBuilding, loadTrafficFile, parseJson, resolveTrafficOption } from '../src/cli/load-input.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliInputError);
    return (error as Error).message;
  }
  throw new Error('expected a CliInputError');
}

describe('load-input', () => {
  it('loads and validates a building', () => {
    const building = loadBuilding(fixture('small-office.json'));
    expect(building.floors).toHaveLength(6);
    expect(building.groups[0]!.cars[0]!.doorOpenTime).toBe(1.8);
  });

  it('names a missing file', () => {
    expect(inputError(() => loadBuilding('nope/missing.json'))).toBe('nope/missing.json: file not found');
  });

  it('gives line and column of malformed JSON', () => {
    expect(inputError(() => parseJson('{\n  "a": 1,\n  "b" 2\n}', 'x.json'))).toMatch(
      /^x\.json: malformed JSON at line 3, column 7/,
    );
    expect(inputError(() => parseJson('{\n  "a": 1,', 'y.json'))).toMatch(
      /^y\.json: malformed JSON at line 2, column 10/,
    );
  });

  it('lists every schema problem as FILE: path: message', () => {
    const message = inputError(() => loadBuilding(fixture('bad-building.json')));
    expect(message).toContain('bad-building.json: groups[0].cars[0].colour: unknown field');
  });

  it('reports served floors out of range', () => {
    const file = fixture('bad-building.json');
    const text = inputError(() => loadBuilding(file));
    // Refinements run once the shape is valid, so only the unknown field is reported first.
    expect(text.split('\n').every((line) => line.startsWith(`${file}: `))).toBe(true);
  });

  it('checks OD rows sum to 1 against the building', () => {
    const building = loadBuilding(fixture('small-office.json'));
    const file = fixture('od-bad-sum.json');
    expect(inputError(() => loadTrafficFile(file, building))).toBe(
      `${file}: periods[0].matrix[5]: row must sum to 1 (sums to 1.2)`,
    );
  });

  it('resolves templates, the default, and refuses unknown names', () => {
    const building = loadBuilding(fixture('small-office.json'));
    expect(resolveTrafficOption('up-peak:15', building, 'b.json')).toEqual({
      kind: 'template',
      template: 'up-peak',
      intensity: 15,
    });
    expect(resolveTrafficOption(undefined, building, 'b.json')).toEqual({
      kind: 'template',
      template: 'lunch',
      intensity: 12,
    });
    expect(inputError(() => resolveTrafficOption('rush-hour', building, 'b.json'))).toMatch(
      /^--traffic: unknown traffic "rush-hour"/,
    );
  });

  it('reads a passenger CSV with floor names and reports bad rows by line', () => {
    const building = loadBuilding(fixture('small-office.json'));
    const traffic = loadTrafficFile(fixture('passengers.csv'), building);
    expect(traffic.kind === 'passengers' && traffic.passengers.length).toBe(4);
    const message = inputError(() => loadTrafficFile(fixture('passengers-bad.csv'), building));
    expect(message).toContain('passengers-bad.csv: line 2.destination: floor index 9 out of range 0..5');
    expect(message).toContain('passengers-bad.csv: line 3.time');
  });
});
