/**
 * `hoistway-sim generate` end to end against a real PostgreSQL: the CLI is spawned as a separate
 * process (on the TypeScript sources via tsx, so the test never runs a stale build), killed with
 * SIGKILL after its first committed episode, and resumed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { available, createTestDatabase, reason } from './generate-test-db.js';
import { smallBuilding } from './generate-fixtures.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const EPISODES = 16;

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startCli(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--conditions=@hoistway/source', '--import', 'tsx', 'src/cli/main.ts', 'generate', ...args],
    { cwd: packageDir, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const runCli = (args: string[]) => startCli(args).done;

describe.skipIf(!available)(
  `hoistway-sim generate (CLI, kill and resume) ${available ? '' : `— skipped: ${reason}`}`,
  () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let sql: postgres.Sql;
    let dir: string;
    let baseArgs: string[];

    beforeAll(async () => {
      db = await createTestDatabase();
      sql = postgres(db.url, { max: 1, onnotice: () => {} });
      dir = mkdtempSync(join(tmpdir(), 'hoistway-generate-'));
      const buildingFile = join(dir, 'building.json');
      writeFileSync(buildingFile, JSON.stringify(smallBuilding));
      baseArgs = [
        '--database-url',
        db.url,
        '-b',
        buildingFile,
        '-t',
        'lunch:15',
        '-n',
        String(EPISODES),
        '-s',
        '7',
        '--duration',
        '1800',
        '--no-progress',
      ];
    });
    afterAll(async () => {
      await sql?.end({ timeout: 5 });
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const datasetId = async (name: string) =>
      (await sql<{ id: string }[]>`SELECT id FROM datasets WHERE name = ${name}`)[0]?.id;
    const committedEpisodes = async (name: string) =>
      Number(
        (
          await sql<
            { n: string }[]
          >`SELECT count(*) AS n FROM dataset_episodes e JOIN datasets d ON d.id = e.dataset_id WHERE d.name = ${name}`
        )[0]!.n,
      );

    /** Content of a dataset's rows, ids left out, in a stable order. */
    const content = async (name: string) =>
      (
        await sql`
        SELECT episode, decision, sim_time, candidate, car_id, features, chosen, policy, wait_time, ride_time, passengers
        FROM training_samples WHERE dataset_id = ${(await datasetId(name))!} ORDER BY episode, decision, candidate`
      ).map((r) => ({ ...r }));

    /** Every stored episode is complete: its rows match its dataset_episodes entry and the dataset's counters. */
    async function expectNoPartialEpisode(name: string) {
      const id = (await datasetId(name))!;
      const perEpisode = await sql<{ episode: number; rows: string; decisions: string; chosen: string }[]>`
      SELECT episode, count(*) AS rows, count(DISTINCT decision) AS decisions, count(*) FILTER (WHERE chosen) AS chosen
      FROM training_samples WHERE dataset_id = ${id} GROUP BY episode ORDER BY episode`;
      const recorded = await sql<{ episode: number; rows: number; decisions: number }[]>`
      SELECT episode, rows, decisions FROM dataset_episodes WHERE dataset_id = ${id} ORDER BY episode`;
      expect(
        perEpisode.map((e) => ({ episode: e.episode, rows: Number(e.rows), decisions: Number(e.decisions) })),
      ).toEqual(recorded.map((e) => ({ ...e })));
      // Exactly one chosen candidate per decision.
      for (const e of perEpisode) expect(Number(e.chosen)).toBe(Number(e.decisions));
      const [dataset] = await sql<{ episodes_completed: number; row_count: string }[]>`
      SELECT episodes_completed, row_count FROM datasets WHERE id = ${id}`;
      expect(dataset!.episodes_completed).toBe(recorded.length);
      expect(Number(dataset!.row_count)).toBe(recorded.reduce((s, e) => s + e.rows, 0));
      return recorded.length;
    }

    it('writes every episode of an uninterrupted run, one row per decision and candidate', async () => {
      const run = await runCli([...baseArgs, '--dataset', 'full', '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as {
        rows: number;
        decisions: number;
        episodesWritten: number;
        rowsPerSecond: number;
      };
      expect(summary.episodesWritten).toBe(EPISODES);
      expect(await expectNoPartialEpisode('full')).toBe(EPISODES);
      const rows = await content('full');
      expect(rows).toHaveLength(summary.rows);
      // Rows = Σ over decisions of their candidates (3 cars; 2 when a full car is excluded).
      const candidatesPerDecision = new Map<string, number>();
      for (const r of rows)
        candidatesPerDecision.set(
          `${r['episode']}/${r['decision']}`,
          (candidatesPerDecision.get(`${r['episode']}/${r['decision']}`) ?? 0) + 1,
        );
      expect(candidatesPerDecision.size).toBe(summary.decisions);
      expect([...candidatesPerDecision.values()].reduce((a, b) => a + b, 0)).toBe(summary.rows);
      // Decisions that served passengers carry their realised outcome.
      const serving = rows.filter((r) => (r['passengers'] as number) > 0);
      expect(serving.length).toBeGreaterThan(0);
      for (const r of serving) expect(r['wait_time']).not.toBeNull();
      for (const r of rows.filter((x) => x['passengers'] === 0)) expect(r['wait_time']).toBeNull();
      expect(new Set(rows.map((r) => r['policy']))).toEqual(
        new Set(['collective', 'nearest', 'sectoring', 'eta', 'random']),
      );
    }, 120_000);

    it('killed after its first committed episode, leaves no partial episode; --resume completes to the same rows', async () => {
      const { child, done } = startCli([...baseArgs, '--dataset', 'interrupted']);
      const deadline = Date.now() + 60_000;
      let exited = false;
      void done.then(() => (exited = true));
      while (!exited && Date.now() < deadline) {
        if ((await datasetId('interrupted')) && (await committedEpisodes('interrupted')) >= 1) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');

      const committed = await expectNoPartialEpisode('interrupted');
      expect(committed).toBeGreaterThanOrEqual(1);
      expect(committed).toBeLessThan(EPISODES);

      const resumed = await runCli([...baseArgs, '--dataset', 'interrupted', '--resume', '--json']);
      expect(resumed.code).toBe(0);
      const summary = JSON.parse(resumed.stdout) as {
        episodesSkipped: number;
        episodesWritten: number;
        created: boolean;
      };
      expect(summary).toMatchObject({
        created: false,
        episodesSkipped: committed,
        episodesWritten: EPISODES - committed,
      });
      expect(await expectNoPartialEpisode('interrupted')).toBe(EPISODES);
      expect(await content('interrupted')).toEqual(await content('full'));

      // Resuming a complete dataset writes nothing.
      const again = await runCli([...baseArgs, '--dataset', 'interrupted', '--resume', '--json']);
      expect(JSON.parse(again.stdout)).toMatchObject({
        episodesWritten: 0,
        episodesSkipped: EPISODES,
        rows: 0,
      });
    }, 180_000);

    it('a second --resume of a dataset being generated exits 2 with a clear message', async () => {
      // Many episodes, so the first is still writing when the second starts (it is killed afterwards).
      const args = baseArgs.map((a) => (a === String(EPISODES) ? '2000' : a));
      const { child, done } = startCli([...args, '--dataset', 'clash']);
      const deadline = Date.now() + 60_000;
      let exited = false;
      void done.then(() => (exited = true));
      while (!exited && Date.now() < deadline) {
        // The tables appear once the first CLI has migrated this fresh database.
        const started = await datasetId('clash').catch(() => undefined);
        if (started && (await committedEpisodes('clash')) >= 1) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(exited).toBe(false);
      const second = await runCli([...args, '--dataset', 'clash', '--resume']);
      child.kill('SIGKILL');
      await done;
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/dataset "clash" is being written by another generate right now/);
      expect(second.stderr).not.toMatch(/internal error|duplicate key/);
    }, 180_000);

    it('exits 2 with a message (no stack trace) on a taken name, a mismatched resume, an unreachable server', async () => {
      const taken = await runCli([...baseArgs, '--dataset', 'full']);
      expect(taken.code).toBe(2);
      expect(taken.stderr).toMatch(/dataset "full" already exists; use --resume/);

      const mismatch = await runCli([
        ...baseArgs.map((a) => (a === '7' ? '8' : a)),
        '--dataset',
        'full',
        '--resume',
      ]);
      expect(mismatch.code).toBe(2);
      expect(mismatch.stderr).toMatch(/cannot resume dataset "full": seed differs/);

      const otherTraffic = await runCli([
        ...baseArgs.map((a) => (a === 'lunch:15' ? 'up-peak:15' : a)),
        '--dataset',
        'full',
        '--resume',
      ]);
      expect(otherTraffic.code).toBe(2);
      expect(otherTraffic.stderr).toMatch(/traffic differs/);

      const unreachable = await runCli([
        ...baseArgs.map((a) => (a === db.url ? 'postgres://nobody@127.0.0.1:1/none' : a)),
        '--dataset',
        'x',
      ]);
      expect(unreachable.code).toBe(2);
      expect(unreachable.stderr).toMatch(
        /^cannot connect to the database postgres:\/\/nobody@127\.0\.0\.1:1\/none: .*ECONNREFUSED/,
      );
      expect(unreachable.stderr).not.toMatch(/\n\s+at /);
    }, 120_000);
  },
);
