#!/usr/bin/env node
/**
 * Training-data ingest benchmark, run on the BUILT package (`npx tsc -b packages/simulator/tsconfig.lib.json`).
 * Needs PostgreSQL: DATABASE_URL, default the local server; works in a throw-away database it creates and drops.
 *
 *   1. `generate` end to end (generateDataset: simulation + ingest) over EPISODES episodes: overall rows/s and
 *      ingest rows/s (time spent in the writer: encode + COPY + bookkeeping, one transaction per episode).
 *   2. Paired comparison, same run, same server, same table: for each episode, its rows written by the very
 *      writer `generate` uses (TrainingDataWriter.writeEpisode) vs a raw COPY of the same rows (PostgreSQL's
 *      own COPY text of them, exported from step 1, one COPY in one transaction). The two halves of a pair run
 *      back to back, in alternating order, so the machine's load affects both alike.
 *   3. For reference: the whole dataset of step 1 in ONE raw COPY (one transaction), vs step 1's ingest rate.
 * Target: median over pairs of (generate ingest rows/s ÷ raw COPY rows/s) ≥ 70%.
 * Writes bench-results/generate.json at the repo root; exits 0.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildingSchema, trafficSchema } from '@hoistway/shared-types';
import { trainingSampleCopyColumns } from '@hoistway/shared-types/db';
import {
  createPgClient,
  defaultExploration,
  generateDataset,
  runEpisode,
  TrainingDataWriter,
} from '../dist/index.js';

const TARGET_RATIO = 0.7;
const EPISODES = 6;
const PAIR_REPEATS = 3;
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(here(path), 'utf8'));
const building = buildingSchema.parse(readJson('../examples/office-20.json'));
const traffic = trafficSchema.parse(readJson('../examples/traffic/lunch.json'));
const settings = {
  seed: 100,
  episodes: EPISODES,
  duration: 3600,
  drainTime: 600,
  exploration: defaultExploration,
};
const columns = trainingSampleCopyColumns.join(', ');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(query) {
  const sql = createPgClient(serverUrl, 1);
  try {
    await sql.unsafe(query);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** PostgreSQL's own COPY text of one episode's rows (all of them when episode is null). */
async function exportEpisode(url, datasetId, episode) {
  // A connection of its own: with postgres.js 3.4, a query queued right after a COPY … TO STDOUT on the
  // same connection can hang.
  const sql = createPgClient(url, 1);
  try {
    const out = await sql
      .unsafe(
        `COPY (SELECT ${columns} FROM training_samples WHERE dataset_id = '${datasetId}'${episode === null ? '' : ` AND episode = ${episode}`} ORDER BY id) TO STDOUT`,
      )
      .readable();
    const chunks = [];
    for await (const chunk of out) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function createDataset(sql, name) {
  const [{ id }] = await sql`
    INSERT INTO datasets (name, building, traffic, config, feature_names)
    VALUES (${name}, '{}'::jsonb, '{}'::jsonb, '{}'::jsonb, '{}') RETURNING id`;
  return id;
}

/** One raw COPY of ready COPY text in one transaction (same chunk size as the writer), seconds. */
async function rawCopy(sql, text) {
  const start = performance.now();
  await sql.begin(async (tx) => {
    const copy = await tx.unsafe(`COPY training_samples (${columns}) FROM STDIN`).writable();
    await new Promise((resolve, reject) => {
      copy.on('error', reject);
      copy.on('finish', resolve);
      for (let i = 0; i < text.length; i += 256 * 1024) copy.write(text.slice(i, i + 256 * 1024));
      copy.end();
    });
  });
  return (performance.now() - start) / 1000;
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const dbName = `gen_bench_${randomBytes(5).toString('hex')}`;
const url = withDatabase(serverUrl, dbName);
await adminQuery(`CREATE DATABASE ${dbName}`);
let endToEnd;
let single;
const pairs = [];
try {
  // 1. generate end to end (also applies the migrations).
  endToEnd = await generateDataset({
    databaseUrl: url,
    building,
    traffic,
    settings,
    datasetName: 'source',
    resume: false,
  });
  console.log(
    `generate end to end: ${endToEnd.rows} rows in ${EPISODES} episodes; ${Math.round(endToEnd.rowsPerSecond)} rows/s overall ` +
      `(with simulation), ${Math.round(endToEnd.ingestRowsPerSecond)} rows/s ingest`,
  );

  // 2. Paired: the writer vs raw COPY of the same rows.
  const episodes = Array.from({ length: EPISODES }, (_, k) =>
    runEpisode({ building, traffic, settings, episode: k }),
  );
  const texts = [];
  for (const e of episodes) texts.push(await exportEpisode(url, endToEnd.datasetId, e.episode));
  const writer = await TrainingDataWriter.connect(url);
  const sql = createPgClient(url, 1);
  try {
    for (let repeat = 0; repeat < PAIR_REPEATS; repeat++) {
      const generated = await createDataset(sql, `pairs-writer-${repeat}`);
      const raw = await createDataset(sql, `pairs-raw-${repeat}`);
      for (const [k, episode] of episodes.entries()) {
        // uuids have a fixed length, so swapping the id keeps every line otherwise byte-identical.
        const text = texts[k].replaceAll(endToEnd.datasetId, raw);
        const rows = text.split('\n').length - 1;
        if (rows !== episode.samples.length)
          throw new Error(`episode ${k}: ${rows} exported rows vs ${episode.samples.length}`);
        const writerFirst = (repeat * EPISODES + k) % 2 === 0;
        let writerSeconds;
        let rawSeconds;
        if (writerFirst) {
          writerSeconds = await timed(() => writer.writeEpisode(generated, episode));
          rawSeconds = await rawCopy(sql, text);
        } else {
          rawSeconds = await rawCopy(sql, text);
          writerSeconds = await timed(() => writer.writeEpisode(generated, episode));
        }
        pairs.push({ rows, writerSeconds, rawSeconds, ratio: rawSeconds / writerSeconds });
      }
    }
    // 3. Everything in one raw COPY.
    const all = (await exportEpisode(url, endToEnd.datasetId, null)).replaceAll(
      endToEnd.datasetId,
      await createDataset(sql, 'single-raw'),
    );
    const seconds = await rawCopy(sql, all);
    single = { rows: endToEnd.rows, seconds, rowsPerSecond: endToEnd.rows / seconds };
  } finally {
    await writer.close();
    await sql.end({ timeout: 5 });
  }
} finally {
  await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}

const totalRows = pairs.reduce((s, p) => s + p.rows, 0);
const writerRowsPerSecond = totalRows / pairs.reduce((s, p) => s + p.writerSeconds, 0);
const rawRowsPerSecond = totalRows / pairs.reduce((s, p) => s + p.rawSeconds, 0);
const ratio = median(pairs.map((p) => p.ratio));
const pass = ratio >= TARGET_RATIO;
console.log(
  `paired (${pairs.length} episodes of ~${Math.round(totalRows / pairs.length)} rows): generate writer ${Math.round(writerRowsPerSecond)} rows/s, ` +
    `raw COPY ${Math.round(rawRowsPerSecond)} rows/s; ratio of totals ${((writerRowsPerSecond / rawRowsPerSecond) * 100).toFixed(1)}%, ` +
    `per-pair ratios ${Math.round(Math.min(...pairs.map((p) => p.ratio)) * 100)}–${Math.round(Math.max(...pairs.map((p) => p.ratio)) * 100)}%`,
);
console.log(
  `reference: all ${single.rows} rows in one raw COPY ${Math.round(single.rowsPerSecond)} rows/s; ` +
    `generate end-to-end ingest is ${((endToEnd.ingestRowsPerSecond / single.rowsPerSecond) * 100).toFixed(1)}% of it`,
);
console.log(
  `generate ingest / raw COPY (median of ${pairs.length} pairs): ${(ratio * 100).toFixed(1)}% vs target ${TARGET_RATIO * 100}% → ${pass ? 'PASS' : 'FAIL'}`,
);

const resultsDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  `${resultsDir}generate.json`,
  JSON.stringify(
    {
      benchmark: 'generate-ingest',
      date: new Date().toISOString(),
      server: serverUrl.replace(/:[^:@/]*@/, '@'),
      building: building.name,
      traffic,
      episodes: EPISODES,
      endToEnd: {
        rows: endToEnd.rows,
        decisions: endToEnd.decisions,
        seconds: endToEnd.seconds,
        ingestSeconds: endToEnd.ingestSeconds,
        overallRowsPerSecond: endToEnd.rowsPerSecond,
        ingestRowsPerSecond: endToEnd.ingestRowsPerSecond,
      },
      paired: {
        pairs: pairs.length,
        rows: totalRows,
        writerRowsPerSecond,
        rawRowsPerSecond,
        ratioOfTotals: writerRowsPerSecond / rawRowsPerSecond,
        detail: pairs,
      },
      singleRawCopy: { ...single, endToEndIngestRatio: endToEnd.ingestRowsPerSecond / single.rowsPerSecond },
      target: { ratio: TARGET_RATIO },
      ratio,
      pass,
    },
    null,
    2,
  ) + '\n',
);
console.log('wrote bench-results/generate.json');
