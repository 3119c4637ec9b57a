import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  addInputOptions,
  addProgressOptions,
  addRunTimingOptions,
  loadSimulationInputs,
} from '../src/cli/commands/simulation-options.js';
import { registerCompare } from '../src/cli/commands/compare.js';
import { registerGenerate } from '../src/cli/commands/generate.js';
import { registerRun } from '../src/cli/commands/run.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

function parse(args: string[]) {
  const command = new Command('test').exitOverride();
  addInputOptions(command);
  addRunTimingOptions(command);
  addProgressOptions(command);
  return command.parse(args, { from: 'user' }).opts();
}

describe('shared simulation options', () => {
  it('parses inputs, timing and progress the same way for every command', () => {
    expect(
      parse(['-b', 'b.json', '-t', 'up-peak:15', '--duration', '1800', '--warm-up', '0', '--drain', '60']),
    ).toEqual({
      building: 'b.json',
      traffic: 'up-peak:15',
      duration: 1800,
      warmUp: 0,
      drain: 60,
    });
    // Neither flag: undefined, i.e. progress only on a terminal.
    expect(parse(['-b', 'b.json']).progress).toBeUndefined();
    expect(parse(['-b', 'b.json', '--progress']).progress).toBe(true);
    expect(parse(['-b', 'b.json', '--no-progress']).progress).toBe(false);
    expect(() => parse(['-b', 'b.json', '--duration', '0'])).toThrow(/--duration/);
    expect(() => parse([])).toThrow(/--building/);
  });

  it('is what run, compare and generate declare', () => {
    const program = new Command();
    registerRun(program);
    registerCompare(program);
    registerGenerate(program);
    const flags = (name: string) =>
      program.commands.find((c) => c.name() === name)!.options.map((o) => o.long);
    for (const name of ['run', 'compare', 'generate'])
      expect(flags(name)).toEqual(
        expect.arrayContaining(['--building', '--traffic', '--progress', '--no-progress']),
      );
    for (const name of ['run', 'compare'])
      expect(flags(name)).toEqual(expect.arrayContaining(['--duration', '--warm-up', '--drain']));
  });

  it('loads the building and falls back to its default traffic', () => {
    const { building, traffic } = loadSimulationInputs({ building: fixture('small-office.json') });
    expect(building.floors.length).toBeGreaterThan(1);
    expect(traffic.kind).toBe('template');
    expect(
      loadSimulationInputs({ building: fixture('small-office.json'), traffic: 'up-peak:15' }).traffic,
    ).toEqual({
      kind: 'template',
      template: 'up-peak',
      intensity: 15,
    });
  });
});
