/**
 * End-to-end tests of the BUILT hoistway-sim CLI (spawned as a child process, as users run it).
 * The package is built (incrementally) once before the tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationResults } from '@hoistway/shared-types';
import { ensureBuilt } from './helpers/build.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const mainJs = join(packageDir, 'dist/cli/main.js');
const fixture = (name: string) => `test/fixtures/${name}`;
const SMALL = fixture('small-office.json');
/** Short runs keep the suite fast: 20 minutes simulated, 5 of them warm-up. */
const SHORT = ['--duration', '1200'];
/** Progress without its usual 1 s delay, so whether it shows does not depend on the machine's speed. */
const noDelay = { HOISTWAY_PROGRESS_DELAY_MS: '0' };

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [mainJs, ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    env: { ...process.env, HOISTWAY_DEBUG: '', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Bad input: exit 2, nothing on stdout, a message naming the culprit, no stack trace. */
function expectInputError(r: CliResult, ...fragments: string[]): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  for (const fragment of fragments) expect(r.stderr).toContain(fragment);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'hoistway-cli-'));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hoistway-sim run', () => {
  it('prints a summary table with every KPI and a per-car table', () => {
    const r = cli(['run', '--building', SMALL, ...SHORT]);
    expect(r.status, r.stderr).toBe(0);
    for (const label of [
      'Average waiting time (AWT)',
      'Average time to destination (ATTD)',
      '95th percentile wait',
      'Waits over 60 s',
      'Worst 5-minute AWT',
      'Interval (mean over groups)',
      'Throughput per 5 min (achieved HC5)',
      'Peak 5-minute window',
      'Passengers still waiting at end (censored)',
    ])
      expect(r.stdout).toContain(label);
    expect(r.stdout).toMatch(/Dispatcher: eta, seed 1/);
    expect(r.stdout).toMatch(/Traffic: +lunch, 12% of population per 5 min/);
    expect(r.stdout).toMatch(/^Car +Group +Stops +Distance \(m\)/m);
    expect(r.stdout).toMatch(/^A1 +A +\d+ +\d+/m);
    expect(r.stdout).toMatch(/^A2 +A +\d+ +\d+/m);
    // The AWT row carries a number and its unit.
    expect(r.stdout).toMatch(/^Average waiting time \(AWT\) +\d+\.\d +s$/m);
    // Lunch traffic is well within the two cars' capacity: no saturation warning.
    expect(r.stdout).not.toContain('Warning:');
  });

  it('says so when the traffic exceeds the group capacity and passengers are left waiting', () => {
    const r = cli(['run', '--building', SMALL, '-t', 'up-peak:40', ...SHORT]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Warning: \d+ passengers still waiting at the end: the traffic exceeds this group's capacity/m,
    );
    const waiting = Number(/^Passengers still waiting at end \(censored\) +(\d+)/m.exec(r.stdout)?.[1]);
    expect(waiting).toBeGreaterThan(2 * 10); // more than one full load of each of the two cars
    // With --json the figures are in the results and the warning goes to stderr.
    const json = cli(['run', '--building', SMALL, '-t', 'up-peak:40', '--json', ...SHORT]);
    const results = JSON.parse(json.stdout) as SimulationResults;
    expect(results.kpis.saturated).toBe(true);
    expect(results.kpis.stillWaiting).toBe(waiting);
    expect(json.stderr).toContain("the traffic exceeds this group's capacity");
  });

  it("uses the building's own default traffic when --traffic is not given", () => {
    const r = cli(['run', '-b', 'examples/office-20.json', ...SHORT]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Traffic: +up-peak, 10% of population per 5 min/);
  });

  it('--json is the full results, identical for the same seed and different for another', () => {
    const args = [
      'run',
      '-b',
      SMALL,
      '-t',
      'up-peak:15',
      '-d',
      'collective',
      '--seed',
      '5',
      '--json',
      ...SHORT,
    ];
    const a = cli(args);
    const b = cli(args);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const results = JSON.parse(a.stdout) as SimulationResults;
    expect(results.dispatcher.name).toBe('collective');
    expect(results.seed).toBe(5);
    expect(results.duration).toBe(1200);
    expect(results.kpis.generated).toBeGreaterThan(0);
    expect(results.cars.map((c) => c.id)).toEqual(['A1', 'A2']);
    const other = cli(args.map((x) => (x === '5' ? '6' : x)));
    expect(JSON.parse(other.stdout).kpis).not.toEqual(results.kpis);
  });

  it('--passengers writes one CSV row per generated passenger', () => {
    const out = join(tmp, 'passengers.csv');
    const r = cli(['run', '-b', SMALL, '--json', '--passengers', out, ...SHORT]);
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as SimulationResults;
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id,arrival,origin,origin_name,destination,destination_name,car,/);
    expect(lines.length - 1).toBe(results.kpis.generated);
    expect(r.stderr).toContain(`Wrote ${results.kpis.generated} passenger records to ${out}`);
  });

  it('runs a passenger list CSV and a traffic JSON file', () => {
    const csv = cli([
      'run',
      '-b',
      SMALL,
      '-t',
      fixture('passengers.csv'),
      '--json',
      '--duration',
      '600',
      '--warm-up',
      '0',
    ]);
    expect(csv.status, csv.stderr).toBe(0);
    expect((JSON.parse(csv.stdout) as SimulationResults).kpis.generated).toBe(5); // 4 rows, one with count 2
    const json = cli(['run', '-b', SMALL, '-t', fixture('up-peak-traffic.json'), ...SHORT]);
    expect(json.status, json.stderr).toBe(0);
    expect(json.stdout).toContain('up-peak, 12% of population per 5 min');
  });

  it('keeps progress off stdout even when forced', () => {
    const r = cli(['run', '-b', SMALL, '--json', '--progress', ...SHORT], noDelay);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as SimulationResults).kpis.generated).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^progress 100% \| 1200\/1200 simulated s/m);
  });
});

describe('hoistway-sim compare', () => {
  it('prints each KPI with mean and 95% CI per dispatcher', () => {
    const r = cli([
      'compare',
      '-b',
      SMALL,
      '-d',
      'eta,collective',
      '--seeds',
      '3',
      '--threads',
      '2',
      ...SHORT,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/KPI +Unit +eta mean +eta 95% CI +collective mean +collective 95% CI/);
    expect(r.stdout).toMatch(
      /^Average waiting time \(AWT\) +s +\d+\.\d +\[\d+\.\d, \d+\.\d\] +\d+\.\d +\[\d+\.\d, \d+\.\d\]$/m,
    );
    expect(r.stdout).toContain('2 dispatcher(s) x 3 seed(s) (1..3)');
    expect(r.stdout).not.toContain('Warning:');
  });

  it('warns per dispatcher whose runs ended saturated', () => {
    const r = cli(['compare', '-b', SMALL, '-t', 'up-peak:40', '-d', 'eta', '-n', '2', ...SHORT]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Warning: eta saturated in 2 of 2 seed\(s\): on average \d+ passengers still waiting at the end, the traffic exceeds the group's capacity/m,
    );
  });

  it('--json has the summary and every run, reproducible across thread counts', () => {
    const args = [
      'compare',
      '-b',
      SMALL,
      '-d',
      'nearest,eta',
      '-n',
      '2',
      '--seed-start',
      '10',
      '--json',
      ...SHORT,
    ];
    const two = cli([...args, '--threads', '2']);
    expect(two.status, two.stderr).toBe(0);
    const report = JSON.parse(two.stdout);
    expect(report.seeds).toEqual([10, 11]);
    expect(report.runs).toHaveLength(4);
    expect(report.summary.awt.eta.n).toBe(2);
    const etaAwts = report.runs
      .filter((x: { dispatcher: string }) => x.dispatcher === 'eta')
      .map((x: { results: SimulationResults }) => x.results.kpis.awt);
    expect(report.summary.awt.eta.mean).toBeCloseTo((etaAwts[0] + etaAwts[1]) / 2, 9);
    const one = cli([...args, '--threads', '1']);
    expect(one.stdout).toBe(two.stdout);
  });
});

describe('progress', () => {
  it('shows plain progress lines on stderr when forced off-terminal, never on stdout', () => {
    const r = cli(
      ['compare', '-b', SMALL, '-d', 'eta', '-n', '3', '--threads', '1', '--json', '--progress', ...SHORT],
      noDelay,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).runs).toHaveLength(3);
    expect(r.stderr).toMatch(/^progress +\d+% \| [123]\/3 runs \| elapsed [\d.]+ s \| eta /m);
    expect(r.stderr).toMatch(/^progress 100% \| 3\/3 runs/m);
  });

  it('is hidden off-terminal unless forced', () => {
    const r = cli(['compare', '-b', SMALL, '-d', 'eta', '-n', '3', '--threads', '1', ...SHORT], noDelay);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});

const IDLE = fixture('idle-groups.json');
/** The two warnings idle-groups.json gets (a goods lift to an empty plant floor, a twin group with share 0). */
const IDLE_WARNINGS = [
  `${IDLE}: groups[1]: warning: group "Goods" can receive no traffic: serves fewer than two floors with population or an entrance`,
  `${IDLE}: groups[2]: warning: group "Twin" can receive no traffic: its trafficShare is 0 and every trip it serves is also served by "A"`,
];

describe('hoistway-sim calc', () => {
  it('prints the group inputs, then Barney and engine figures per group', () => {
    const r = cli(['calc', '-b', SMALL]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Group input +Unit +A$/m);
    expect(r.stdout).toMatch(/^Cars \(L\) +cars +2$/m);
    // The 4.5 m lobby under 3.5 m floors: 1 m of express distance.
    expect(r.stdout).toMatch(/^Express distance \(rise - df\) +m +1\.00$/m);
    expect(r.stdout).toMatch(/^Parking policy +auto$/m);
    expect(r.stdout).toMatch(/^Up-peak figure +Unit +A Barney +A engine$/m);
    expect(r.stdout).toMatch(/^Passengers per trip \(P\) +persons +10\.4 +10\.0$/m);
    expect(r.stdout).toMatch(/^Round trip time \(RTT\) +s +\d+\.\d +\d+\.\d$/m);
    expect(r.stdout).toMatch(
      /^Building handling capacity \(engine\): \d+ persons per 5 min = \d+\.\d % of 300 persons$/m,
    );
  });

  it('--json gives figures consistent with the formulas', () => {
    const r = cli(['calc', '-b', SMALL, '--json']);
    const [group] = JSON.parse(r.stdout);
    expect(group.group).toBe('A');
    expect(group.textbook.P).toBeCloseTo(0.8 * 13, 9);
    expect(group.textbook.interval).toBeCloseTo(group.textbook.rtt / 2, 9);
    expect(group.textbook.hc5Persons).toBeCloseTo((300 * group.textbook.P * 2) / group.textbook.rtt, 6);
    // The headline figures are the engine-consistent ones: ⌊0.8 × 13⌋ = 10 boarders.
    expect(group.P).toBe(10);
    expect(group.engine).toMatchObject({ P: 10, rtt: group.rtt, interval: group.interval });
    expect(group.interval).toBeCloseTo(group.rtt / 2, 9);
    expect(group.hc5Persons).toBeCloseTo((300 * 10 * 2) / group.rtt, 6);
    expect(group.expressDistance).toBeCloseTo(1, 9);
  });

  it('warns on stderr about groups that can receive no traffic, and still exits 0', () => {
    const r = cli(['calc', '-b', IDLE]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toEqual(IDLE_WARNINGS);
    // Their capacity is not credited: dashes in the table, left out of the building's total.
    expect(r.stdout).toMatch(/^Handling capacity \(HC5\) +persons +\d+ +\d+ +— +— +— +—$/m);
    expect(r.stdout).toContain('not counting "Goods", "Twin" (can receive no traffic)');
    const json = cli(['calc', '-b', IDLE, '--json']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toHaveLength(3);
    expect(json.stderr.trimEnd().split('\n')).toEqual(IDLE_WARNINGS);
  });
});

describe('hoistway-sim validate', () => {
  it('says OK for a valid building, traffic and passenger list', () => {
    const building = cli(['validate', SMALL]);
    expect(building.status).toBe(0);
    expect(building.stdout).toBe(`OK: ${SMALL}: building "Small office", 6 floors, 1 group(s), 2 car(s)\n`);
    expect(building.stderr).toBe('');
    const traffic = cli(['validate', fixture('up-peak-traffic.json'), '--building', SMALL]);
    expect(traffic.stdout).toMatch(/^OK: .*traffic: up-peak, 12% .*checked against/);
    const csv = cli(['validate', fixture('passengers.csv'), '-b', SMALL]);
    expect(csv.stdout).toContain('passenger list, 4 row(s)');
  });

  it('warns about groups that can receive no traffic, still OK with exit code 0', () => {
    const r = cli(['validate', IDLE]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `OK: ${IDLE}: building "Office with idle groups", 5 floors, 3 group(s), 4 car(s)\n`,
    );
    expect(r.stderr.trimEnd().split('\n')).toEqual(IDLE_WARNINGS);
    // Checking a traffic against the building warns about the building's groups that traffic leaves idle.
    const traffic = cli(['validate', fixture('up-peak-traffic.json'), '-b', IDLE]);
    expect(traffic.status).toBe(0);
    expect(traffic.stdout).toMatch(/^OK: .*traffic: up-peak/);
    expect(traffic.stderr.trimEnd().split('\n')).toEqual(IDLE_WARNINGS);
  });

  it('lists every problem as FILE: path: message', () => {
    const r = cli(['validate', fixture('passengers-bad.csv'), '-b', SMALL]);
    expectInputError(r);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `${fixture('passengers-bad.csv')}: line 2.destination: floor index 9 out of range 0..5`,
      `${fixture('passengers-bad.csv')}: line 3.time: must be a number >= 0 (got "abc")`,
    ]);
  });

  it('accepts a building export file from the web app (the export envelope) like the bare definition', () => {
    const exported = fixture('small-office.building.json');
    const r = cli(['validate', exported]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`OK: ${exported}: building "Small office", 6 floors, 1 group(s), 2 car(s)\n`);
    const traffic = cli(['validate', fixture('up-peak-traffic.json'), '-b', exported]);
    expect(traffic.status, traffic.stderr).toBe(0);
  });

  it('refuses a CSV without a building and a JSON that is neither', () => {
    expectInputError(cli(['validate', fixture('passengers.csv')]), 'passengers.csv', '--building');
    expectInputError(cli(['validate', 'package.json']), 'package.json', 'a building needs "floors"');
  });
});

describe('bad input: exit 2 with one clear message naming file and field', () => {
  it.each([
    ['missing file', ['run', '-b', 'nope.json'], ['nope.json: file not found']],
    [
      'unknown field',
      ['run', '-b', fixture('bad-building.json')],
      ['bad-building.json: groups[0].cars[0].colour: unknown field'],
    ],
    [
      'impossible value',
      ['validate', fixture('impossible-building.json')],
      ['impossible-building.json: groups[0].cars[0].speed: must be > 0'],
    ],
    [
      'served floor out of range',
      ['calc', '-b', fixture('out-of-range-building.json')],
      ['out-of-range-building.json: groups[0].servedFloors[3]: must be a floor index 0..2'],
    ],
    [
      'OD row that does not sum to 1',
      ['run', '-b', SMALL, '-t', fixture('od-bad-sum.json')],
      ['od-bad-sum.json: periods[0].matrix[5]: row must sum to 1'],
    ],
    [
      'unknown dispatcher',
      ['run', '-b', SMALL, '-d', 'magic'],
      ['--dispatcher', 'Unknown dispatcher "magic"'],
    ],
    [
      'unknown dispatcher in a list',
      ['compare', '-b', SMALL, '-d', 'eta,magic', '-n', '2'],
      ['--dispatchers', '"magic"'],
    ],
    [
      'unknown traffic template',
      ['run', '-b', SMALL, '-t', 'rush-hour'],
      ['--traffic: unknown traffic "rush-hour"'],
    ],
    ['bad traffic intensity', ['run', '-b', SMALL, '-t', 'lunch:0'], ['--traffic', 'intensity']],
    [
      'missing traffic file',
      ['run', '-b', SMALL, '-t', 'traffic/none.json'],
      ['traffic/none.json: file not found'],
    ],
    [
      'bad number',
      ['run', '-b', SMALL, '--seed', 'abc'],
      ["--seed <n>' argument 'abc' is invalid", 'number'],
    ],
    ['negative duration', ['run', '-b', SMALL, '--duration', '-5'], ['--duration', 'Must be > 0']],
    [
      'warm-up longer than the run',
      ['run', '-b', SMALL, '--duration', '100'],
      ['--warm-up: must be shorter than duration'],
    ],
    ['zero seeds', ['compare', '-b', SMALL, '-d', 'eta', '-n', '0'], ['--seeds', '>= 1']],
    ['unknown option', ['run', '-b', SMALL, '--colour', 'red'], ["unknown option '--colour'"]],
    ['missing required option', ['run'], ["required option '-b, --building <file>' not specified"]],
    ['unknown command', ['fly'], ["unknown command 'fly'"]],
  ])('%s', (_name, args, fragments) => {
    expectInputError(cli(args), ...fragments);
  });
});

describe('malformed JSON', () => {
  it('names the file, line and column', () => {
    const file = join(tmp, 'malformed.json');
    writeFileSync(file, '{\n  "name": "Broken",\n  "floors": [\n    { "name": "G" "height": 4.5 }\n  ]\n}\n');
    expectInputError(cli(['run', '-b', file]), `${file}: malformed JSON at line 4, column 19`);
  });
});

describe('help', () => {
  it.each(['run', 'compare', 'calc', 'validate', 'worker'])(
    '%s --help describes the command with examples',
    (command) => {
      const r = cli([command, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Usage: hoistway-sim ${command}`);
      expect(r.stdout).toContain('Examples:');
    },
  );

  it('worker without a database URL is an input error (exit 2)', () => {
    const r = cli(['worker'], { DATABASE_URL: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--database-url: required (or set DATABASE_URL)');
  });

  it('lists every command', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    for (const command of ['run', 'compare', 'calc', 'validate', 'worker'])
      expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });
});
