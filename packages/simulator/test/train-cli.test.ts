/**
 * `hoistway-sim train`, `model list|export|import` and `learned:MODEL` dispatchers end to end
 * against a real PostgreSQL (the CLI spawned on the TypeScript sources), and their bad-input paths:
 * one clear message, exit 2.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, createTestDatabase, reason } from './generate-test-db.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SMALL = 'test/fixtures/small-office.json';

function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@hoistway/source', '--import', 'tsx', 'src/cli/main.ts', ...args],
      {
        cwd: packageDir,
        env: { ...process.env, DATABASE_URL: '', HOISTWAY_DEBUG: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('train and learned dispatchers without a database', () => {
  it('need a database URL (exit 2)', async () => {
    const r = await cli(['train', '--dataset', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('--database-url: required (or set DATABASE_URL)');
  });
  it('refuse `learned` without a model (exit 2)', async () => {
    const r = await cli(['run', '-b', SMALL, '-d', 'learned']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The learned dispatcher needs a model: learned:MODEL');
  });
});

describe.skipIf(!available)(
  `train, model and learned:MODEL ${available ? '' : `— skipped: ${reason}`}`,
  () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let sql: postgres.Sql;
    let dir: string;
    let url: string;

    beforeAll(async () => {
      db = await createTestDatabase();
      url = db.url;
      sql = postgres(url, { max: 1, onnotice: () => {} });
      dir = mkdtempSync(join(tmpdir(), 'hoistway-train-'));
      const gen = await cli([
        'generate',
        '--database-url',
        url,
        '-b',
        SMALL,
        '-t',
        'lunch:15',
        '-n',
        '2',
        '-s',
        '50',
        '--duration',
        '900',
        '--dataset',
        'tiny',
        '--no-progress',
      ]);
      expect(gen.code, gen.stderr).toBe(0);
    }, 120_000);
    afterAll(async () => {
      await sql?.end({ timeout: 5 });
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('trains, registers, dispatches with, exports and imports a model', async () => {
      const train = await cli([
        'train',
        '--database-url',
        url,
        '--dataset',
        'tiny',
        '--epochs',
        '2',
        '--name',
        'tiny-model',
        '--json',
        '--no-progress',
      ]);
      expect(train.code, train.stderr).toBe(0);
      const report = JSON.parse(train.stdout);
      expect(report.model).toMatchObject({ name: 'tiny-model', version: 1 });
      expect(report.metrics.epochs).toHaveLength(2);

      const run = await cli([
        'run',
        '-b',
        SMALL,
        '-t',
        'lunch:15',
        '--duration',
        '900',
        '-d',
        'learned:tiny-model',
        '--database-url',
        url,
        '--json',
        '--no-progress',
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).dispatcher).toEqual({ name: 'learned', model: 'tiny-model@1' });

      const file = join(dir, 'model.json');
      const exported = await cli(['model', 'export', 'tiny-model@1', '-o', file, '--database-url', url]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(JSON.parse(readFileSync(file, 'utf8')).kind).toBe('hoistway-model');
      const imported = await cli(['model', 'import', file, '--database-url', url, '--json']);
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ name: 'tiny-model', version: 2 });
      const list = await cli(['model', 'list', '--database-url', url, '--json']);
      expect(JSON.parse(list.stdout).map((m: { version: number }) => m.version)).toEqual([1, 2]);
    }, 120_000);

    it('exit 2 with one message for an unknown dataset, an empty one, and mismatched features', async () => {
      const unknown = await cli(['train', '--database-url', url, '--dataset', 'nope', '--no-progress']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr.trim()).toBe('--dataset: unknown dataset "nope"');

      await sql`INSERT INTO datasets (name, building, traffic, config, feature_names)
      SELECT 'empty', building, traffic, config, feature_names FROM datasets WHERE name = 'tiny'`;
      const empty = await cli(['train', '--database-url', url, '--dataset', 'empty', '--no-progress']);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('has no labelled rows');

      await sql`INSERT INTO datasets (name, building, traffic, config, feature_names)
      SELECT 'old', building, traffic, config, ARRAY['etaSeconds', 'distanceFloors'] FROM datasets WHERE name = 'tiny'`;
      const old = await cli(['train', '--database-url', url, '--dataset', 'old', '--no-progress']);
      expect(old.code).toBe(2);
      expect(old.stderr).toContain('do not match the engine');
      expect(old.stderr.trim().split('\n')).toHaveLength(1);
    }, 60_000);

    it('exit 2 for an unknown model and a model file of other features', async () => {
      const run = await cli(['run', '-b', SMALL, '-d', 'learned:nope', '--database-url', url]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe('--dispatcher: unknown model "nope"');
      const compare = await cli([
        'compare',
        '-b',
        SMALL,
        '-d',
        'eta,learned:nope@4',
        '-n',
        '2',
        '--database-url',
        url,
      ]);
      expect(compare.code).toBe(2);
      expect(compare.stderr.trim()).toBe('--dispatchers: unknown model "nope@4"');

      const good = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      good.network.featureNames[0] = 'timeOfDay';
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify(good));
      const imported = await cli(['model', 'import', bad, '--database-url', url]);
      expect(imported.code).toBe(2);
      expect(imported.stderr).toContain('do not match the engine');
    }, 60_000);

    it('evaluates a model against the five heuristics on held-out seeds and stores the result', async () => {
      const args = ['evaluate', '-m', 'tiny-model@1', '-b', SMALL, '-t', 'lunch:15', '--duration', '900'];
      const r = await cli([...args, '-n', '2', '--seed-start', '100', '--database-url', url, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.seeds).toEqual([100, 101]);
      expect(report.dispatchers).toEqual([
        'collective',
        'nearest',
        'sectoring',
        'eta',
        'destination',
        'learned:tiny-model@1',
      ]);
      for (const d of report.dispatchers) expect(report.kpis.awt[d].n).toBe(2);
      expect(report.dispatchers).toContain(report.bestHeuristic);
      expect(report.pairedAwtDifference.n).toBe(2);
      const [row] = await sql<{ evaluation: { seeds: number[] } }[]>`
        SELECT evaluation FROM models WHERE name = 'tiny-model' AND version = 1`;
      expect(row!.evaluation.seeds).toEqual([100, 101]);

      // The table form names the best heuristic and the paired difference.
      const table = await cli([...args, '-n', '2', '--seed-start', '200', '--database-url', url]);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(
        /learned:tiny-model@1 − \w+ \(best heuristic by AWT\), paired AWT difference/,
      );
    }, 120_000);

    it('evaluate refuses training seeds, unknown models, bad files and seed counts (exit 2)', async () => {
      const base = ['evaluate', '-b', SMALL, '-t', 'lunch:15', '--database-url', url, '--no-progress'];
      // The dataset "tiny" trained on seeds 50 and 51.
      const overlap = await cli([...base, '-m', 'tiny-model', '-n', '3', '--seed-start', '49']);
      expect(overlap.code).toBe(2);
      expect(overlap.stderr.trim()).toBe(
        '--seeds: seeds 50, 51 trained tiny-model@2; evaluate on held-out seeds (choose another --seed-start)',
      );
      const unknown = await cli([...base, '-m', 'nope', '-n', '3']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr.trim()).toBe('--model: unknown model "nope"');
      const file = await cli([
        'evaluate',
        '-m',
        'tiny-model',
        '-b',
        'missing.json',
        '-n',
        '3',
        '--database-url',
        url,
      ]);
      expect(file.code).toBe(2);
      expect(file.stderr.trim()).toBe('missing.json: file not found');
      for (const n of ['1', '201']) {
        const count = await cli([...base, '-m', 'tiny-model', '-n', n]);
        expect(count.code).toBe(2);
        expect(count.stderr.trim()).toBe(`--seeds: must be 2..200 (got ${n})`);
      }
    }, 60_000);
  },
);
