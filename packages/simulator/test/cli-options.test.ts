import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDispatcherList, parsePositiveInt, parseSeconds, parseSeed } from '../src/cli/options.js';
import { buildRunConfig, defaultDuration } from '../src/cli/run-settings.js';
import { CliInputError } from '../src/cli/errors.js';

describe('option parsers', () => {
  it('accept good values', () => {
    expect(parseSeconds('90.5')).toBe(90.5);
    expect(parseSeed('42')).toBe(42);
    expect(parsePositiveInt('3')).toBe(3);
    expect(parseDispatcherList('eta, nearest,eta')).toEqual(['eta', 'nearest']);
  });

  it.each([
    [() => parseSeconds('10s'), /number/],
    [() => parseSeconds(''), /number/],
    [() => parseSeconds('-1'), />= 0/],
    [() => parseSeed('1.5'), /integer/],
    [() => parseSeed('-3'), /integer/],
    [() => parsePositiveInt('0'), />= 1/],
    [() => parseDispatcherList('eta,magic'), /Unknown dispatcher "magic"/],
    [() => parseDispatcherList(','), /at least one/],
  ])('refuse bad values (%#)', (fn, message) => {
    expect(fn).toThrow(InvalidArgumentError);
    expect(fn).toThrow(message);
  });
});

describe('run settings', () => {
  const lunch = { kind: 'template', template: 'lunch', intensity: 12 } as const;

  it('fills defaults: one hour, or the full day for the daily template', () => {
    const config = buildRunConfig({ dispatcher: 'eta', seed: 3 }, lunch);
    expect(config).toMatchObject({ duration: 3600, warmUp: 300, seed: 3, dispatcher: { name: 'eta' } });
    expect(defaultDuration({ kind: 'template', template: 'daily', intensity: 12 })).toBeGreaterThan(3600);
  });

  it('names the option of a refused value', () => {
    expect(() => buildRunConfig({ dispatcher: 'eta', seed: 1, duration: 200 }, lunch)).toThrow(CliInputError);
    expect(() => buildRunConfig({ dispatcher: 'eta', seed: 1, duration: 200 }, lunch)).toThrow(
      '--warm-up: must be shorter than duration',
    );
  });
});
