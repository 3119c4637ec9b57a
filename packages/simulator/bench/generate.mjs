#!/usr/bin/env node
/**
 * Training-data ingest benchmark, run on the BUILT package (`npx tsc -b packages/simulator/tsconfig.lib.json`):
 * `generate` (encode + COPY + per-episode bookkeeping, one transaction per episode) vs a raw COPY of the
 * very same rows (exported from the dataset with COPY … TO STDOUT, one COPY in one transaction) into the
 * same table of the same server, in the same run. Target: generate ingest ≥ 70% of raw rows/s
 * (median ratio over ROUNDS rounds, after one warm-up round that is not counted). Needs PostgreSQL: DATABASE_URL, default the local server.
 * Works in a throw-away database it creates and drops. Writes bench-results/generate.json at the repo root.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { buildingSchema, trafficSchema } from '@hoistway/shared-types';
import { trainingSampleCopyColumns } from '@hoistway/shared-types/db';
import { createPgClient, defaultExploration, generateDataset } from '../dist/index.js';

const TARGET_RATIO = 0.7;
const ROUNDS = 5;
const WARMUP_ROUNDS = 1;
const EPISODES = 4;
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(here(path), 'utf8'));
const building = buildingSchema.parse(readJson('../examples/office-20.json'));
const traffic = trafficSchema.parse(readJson('../examples/traffic/lunch.json'));
const settings = (seed) => ({
  seed,
  episodes: EPISODES,
  duration: 3600,
  drainTime: 600,
  exploration: defaultExploration,
});
const columns = trainingSampleCopyColumns.join(', ');
const quiet = { onnotice: () => {} };

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(query) {
  const sql = postgres(serverUrl, { max: 1, ...quiet });
  try {
    await sql.unsafe(query);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The dataset's rows exactly as COPY text, then the same rows re-COPYed under a fresh dataset id. */
async function exportRows(datasetId) {
  // A connection of its own: with postgres.js 3.4, a query queued right after a COPY … TO STDOUT on the
  // same connection can hang.
  const sql = postgres(url, { max: 1, ...quiet });
  try {
    const chunks = [];
    const out = await sql
      .unsafe(
        `COPY (SELECT ${columns} FROM training_samples WHERE dataset_id = '${datasetId}' ORDER BY id) TO STDOUT`,
      )
      .readable();
    for await (const chunk of out) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function rawCopy(sql, datasetId, round) {
  const exported = await exportRows(datasetId);
  const [{ id }] = await sql`
    INSERT INTO datasets (name, building, traffic, config, feature_names)
    VALUES (${`raw-${round}`}, '{}'::jsonb, '{}'::jsonb, '{}'::jsonb, '{}') RETURNING id`;
  // uuids have a fixed length, so swapping the id keeps every line otherwise byte-identical.
  const text = exported.replaceAll(datasetId, id);
  const rows = text.split('\n').length - 1;
  const start = performance.now();
  await sql.begin(async (tx) => {
    const copy = await tx.unsafe(`COPY training_samples (${columns}) FROM STDIN`).writable();
    await new Promise((resolve, reject) => {
      copy.on('error', reject);
      copy.on('finish', resolve);
      // Same chunking as the writer (256 Ki characters).
      for (let i = 0; i < text.length; i += 256 * 1024) copy.write(text.slice(i, i + 256 * 1024));
      copy.end();
    });
  });
  const seconds = (performance.now() - start) / 1000;
  return { rows, seconds, rowsPerSecond: rows / seconds, bytes: Buffer.byteLength(text) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dbName = `gen_bench_${randomBytes(5).toString('hex')}`;
const url = withDatabase(serverUrl, dbName);
await adminQuery(`CREATE DATABASE ${dbName}`);
const rounds = [];
try {
  // The raw COPY gets the writer's own client setup (TCP_NODELAY), so neither side pays Nagle delays.
  const sql = createPgClient(url, 1);
  try {
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      const warmUp = round < WARMUP_ROUNDS;
      const generate = await generateDataset({
        databaseUrl: url,
        building,
        traffic,
        settings: settings(100 + round),
        datasetName: `generate-${round}`,
        resume: false,
      });
      const raw = await rawCopy(sql, generate.datasetId, round);
      if (raw.rows !== generate.rows)
        throw new Error(`row mismatch: raw ${raw.rows} vs generate ${generate.rows}`);
      const ratio = generate.ingestRowsPerSecond / raw.rowsPerSecond;
      if (!warmUp)
        rounds.push({
          rows: generate.rows,
          decisions: generate.decisions,
          generateIngestSeconds: generate.ingestSeconds,
          generateIngestRowsPerSecond: generate.ingestRowsPerSecond,
          generateOverallRowsPerSecond: generate.rowsPerSecond,
          rawCopySeconds: raw.seconds,
          rawCopyRowsPerSecond: raw.rowsPerSecond,
          ratio,
        });
      console.log(
        `${warmUp ? 'warm-up' : `round ${round - WARMUP_ROUNDS + 1}`}: ${generate.rows} rows; generate ingest ${Math.round(generate.ingestRowsPerSecond)} rows/s ` +
          `(overall incl. simulation ${Math.round(generate.rowsPerSecond)}), raw COPY ${Math.round(raw.rowsPerSecond)} rows/s, ratio ${(ratio * 100).toFixed(1)}%`,
      );
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
} finally {
  await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}

const ratio = median(rounds.map((r) => r.ratio));
const pass = ratio >= TARGET_RATIO;
console.log(
  `generate ingest / raw COPY (median of ${ROUNDS}): ${(ratio * 100).toFixed(1)}% vs target ${TARGET_RATIO * 100}% → ${pass ? 'PASS' : 'FAIL'}`,
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
      episodesPerRound: EPISODES,
      target: { ratio: TARGET_RATIO },
      ratio,
      pass,
      rounds,
    },
    null,
    2,
  ) + '\n',
);
console.log('wrote bench-results/generate.json');
