#!/usr/bin/env node
/**
 * Live-session benchmark (built backend: npx tsc -b packages/backend/tsconfig.lib.json).
 *   1. N live sessions at 1x with 10 frames/s and one Socket.IO viewer each (the viewers run in a child
 *      process): the server's event-loop p99 lag (perf_hooks.monitorEventLoopDelay) and the frames/s
 *      each viewer receives. Target at N = 500 per replica: p99 lag < 50 ms and every viewer >= 9 frames/s. The
 *      session count is then raised step by step to find the largest N that still meets both.
 *   2. In the same run, a bare Socket.IO server broadcasting frames of the same size at the same rate
 *      to the same number of clients (one room each), measured the same way.
 * Uses DATABASE_URL when set, else PGlite. Writes bench-results/live.json at the repo root.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setInterval, clearInterval, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const TARGET_SESSIONS = 500;
const TARGET_P99_MS = 50;
const TARGET_FPS = 9;
const FRAME_RATE = 10;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 2500);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5000);
const LADDER = (process.env.BENCH_LADDER ?? '250,500,750,1000').split(',').map(Number);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

if (process.argv[2] === 'clients') await runClients();
else await main();

// ------------------------------------------------------------------------------------ viewers
/** Child process: connects viewers on request and counts their frames in a measurement window. */
async function runClients() {
  const { io } = await import('socket.io-client');
  let sockets = [];
  let counts = [];
  let bytes = 0;
  let counting = false;
  process.on('message', async (msg) => {
    if (msg.type === 'connect') {
      counts = new Array(msg.joins.length).fill(0);
      sockets = await Promise.all(
        msg.joins.map(async (join, i) => {
          const socket = io(msg.url, { path: '/socket.io/', transports: ['websocket'], forceNew: true });
          // A refused connection (say, over the per-user socket limit) fails the run instead of hanging it.
          await new Promise((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('connect_error', (err) => reject(new Error(`viewer ${i}: ${err.message}`)));
          });
          socket.on(msg.event, (frame) => {
            if (!counting) return;
            counts[i]++;
            if (i === 0) bytes = JSON.stringify(frame).length;
          });
          if (join) {
            const res = await socket.emitWithAck('join', join);
            if (!res.ok) throw new Error(res.message);
          } else await socket.emitWithAck('bareJoin', i);
          return socket;
        }),
      );
      process.send({ type: 'connected' });
    } else if (msg.type === 'start') {
      counts.fill(0);
      counting = true;
    } else if (msg.type === 'stop') {
      counting = false;
      process.send({ type: 'counts', counts, frameBytes: bytes });
    } else if (msg.type === 'disconnect') {
      for (const s of sockets) s.disconnect();
      sockets = [];
      process.send({ type: 'disconnected' });
    }
  });
  process.send({ type: 'ready' });
}

function clientProcess() {
  const child = fork(fileURLToPath(import.meta.url), ['clients'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type) =>
    new Promise((resolve, reject) => {
      const exit = (code) => reject(new Error(`viewer process exited (code ${code}) before "${type}"`));
      const on = (m) => {
        if (m.type === type) {
          child.off('message', on);
          child.off('exit', exit);
          resolve(m);
        }
      };
      child.on('message', on);
      child.once('exit', exit);
    });
  return { child, next };
}

// ------------------------------------------------------------------------------------ server side
async function measureWindow(clients, seconds) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  await sleep(WARMUP_MS);
  histogram.enable();
  clients.child.send({ type: 'start' });
  const start = performance.now();
  await sleep(WINDOW_MS);
  clients.child.send({ type: 'stop' });
  const { counts, frameBytes } = await clients.next('counts');
  const elapsed = (performance.now() - start) / 1000;
  histogram.disable();
  const fps = counts.map((c) => c / (seconds ?? elapsed));
  return {
    p99LagMs: round(histogram.percentile(99) / 1e6),
    maxLagMs: round(histogram.max / 1e6),
    minFps: round(Math.min(...fps)),
    meanFps: round(fps.reduce((a, b) => a + b, 0) / fps.length),
    frameBytes,
  };
}

async function liveRun(app, clients, buildingId, n) {
  const ids = [];
  for (let k = 0; k < n; k++) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { buildingId, speed: 1, config: { duration: 3600, warmUp: 300, seed: k + 1 } },
    });
    ids.push(res.json().id);
  }
  clients.child.send({
    type: 'connect',
    url: app.benchUrl,
    event: 'frame',
    joins: ids.map((sessionId) => ({ sessionId })),
  });
  await clients.next('connected');
  for (const id of ids) {
    const res = await app.inject({
      method: 'POST',
      url: `/api/sessions/${id}/control`,
      payload: { type: 'start' },
    });
    if (res.statusCode !== 200) throw new Error(`start failed: ${res.body}`);
  }
  const figures = await measureWindow(clients);
  clients.child.send({ type: 'disconnect' });
  await clients.next('disconnected');
  await Promise.all(
    ids.map((id) =>
      app.inject({ method: 'POST', url: `/api/sessions/${id}/control`, payload: { type: 'stop' } }),
    ),
  );
  return { sessions: n, ...figures, pass: figures.p99LagMs < TARGET_P99_MS && figures.minFps >= TARGET_FPS };
}

/** A bare Socket.IO server: one room per client, frames of `frameBytes` JSON at FRAME_RATE to each room. */
async function bareRun(clients, n, sampleFrame) {
  const { Server } = await import('socket.io');
  const http = createServer();
  const server = new Server(http, { path: '/socket.io/', serveClient: false });
  server.on('connection', (socket) =>
    socket.on('bareJoin', (i, ack) => {
      socket.join(`room:${i}`);
      ack?.({ ok: true });
    }),
  );
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const url = `http://127.0.0.1:${http.address().port}`;
  clients.child.send({ type: 'connect', url, event: 'frame', joins: new Array(n).fill(null) });
  await clients.next('connected');
  let seq = 0;
  const timer = setInterval(() => {
    seq++;
    for (let i = 0; i < n; i++) server.to(`room:${i}`).emit('frame', { ...sampleFrame, seq });
  }, 1000 / FRAME_RATE);
  const figures = await measureWindow(clients);
  clearInterval(timer);
  clients.child.send({ type: 'disconnect' });
  await clients.next('disconnected');
  server.close();
  return { clients: n, ...figures, pass: figures.p99LagMs < TARGET_P99_MS && figures.minFps >= TARGET_FPS };
}

/** A scratch database on the DATABASE_URL server (dropped afterwards), so the benchmark leaves no rows behind. */
async function scratchDatabase() {
  if (!process.env.DATABASE_URL) return null;
  const { default: postgres } = await import('postgres');
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  const name = `live_bench_${Date.now().toString(36)}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

async function main() {
  const { buildApp, loadConfig } = await import('../dist/index.js');
  const scratch = await scratchDatabase();
  const dataDir = scratch ? undefined : mkdtempSync(join(tmpdir(), 'hoistway-live-bench-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: scratch?.url ?? '',
    DATA_DIR: dataDir ?? 'unused',
    RATE_LIMIT_MAX: '0',
    LOG_LEVEL: 'silent',
    // Measures the app itself: the no-login mode (loopback only), as a laptop runs it.
    HOST: '127.0.0.1',
    AUTH_MODE: 'local-single-user',
    // Every viewer is the same (single) user: lift the per-user socket limit above the largest step.
    LIVE_MAX_SOCKETS_PER_USER: String(Math.max(...LADDER) + 10),
  });
  const app = await buildApp({ config, logger: false, live: { settings: { frameRate: FRAME_RATE } } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  app.benchUrl = `http://127.0.0.1:${app.server.address().port}`;
  const building = JSON.parse(
    readFileSync(new URL('../../simulator/examples/office-20.json', import.meta.url), 'utf8'),
  );
  const { id: buildingId } = (
    await app.inject({ method: 'POST', url: '/api/buildings', payload: building })
  ).json();

  const clients = clientProcess();
  await clients.next('ready');
  const live = [];
  let largestPassing = null;
  const step = async (n) => {
    const r = await liveRun(app, clients, buildingId, n);
    live.push(r);
    console.log(
      `live  ${String(n).padStart(4)} sessions: p99 lag ${r.p99LagMs} ms, viewer fps min ${r.minFps} / mean ${r.meanFps}, frame ${r.frameBytes} B  ${r.pass ? 'PASS' : 'FAIL'}`,
    );
    return r.pass;
  };
  let firstFailing = null;
  for (const n of LADDER) {
    if (await step(n)) largestPassing = n;
    else if (n >= TARGET_SESSIONS) {
      firstFailing = n;
      break;
    }
  }
  // One bisection step between the last passing and the first failing count.
  if (largestPassing !== null && firstFailing !== null && firstFailing - largestPassing > 50) {
    const mid = Math.round((largestPassing + firstFailing) / 2 / 10) * 10;
    if (await step(mid)) largestPassing = mid;
  }
  const target = live.find((r) => r.sessions === TARGET_SESSIONS);
  const frameBytes = target?.frameBytes ?? live[0].frameBytes;
  // Same-size frames for the bare server: a real frame's shape, padded to the measured size.
  const sample = { kind: 'bare', pad: 'x'.repeat(Math.max(0, frameBytes - 40)) };
  const bare = [];
  for (const n of [
    ...new Set([
      TARGET_SESSIONS,
      ...(largestPassing && largestPassing !== TARGET_SESSIONS ? [largestPassing] : []),
    ]),
  ]) {
    const r = await bareRun(clients, n, sample);
    bare.push(r);
    console.log(
      `bare  ${String(n).padStart(4)} clients : p99 lag ${r.p99LagMs} ms, viewer fps min ${r.minFps} / mean ${r.meanFps}, frame ${r.frameBytes} B`,
    );
  }
  clients.child.kill();
  await app.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await scratch?.drop();

  const result = {
    benchmark: 'live-sessions',
    date: new Date().toISOString(),
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model, node: process.version },
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    frameRate: FRAME_RATE,
    targets: { sessions: TARGET_SESSIONS, p99LagMs: TARGET_P99_MS, minViewerFps: TARGET_FPS },
    atTarget: target ?? null,
    targetMet: target?.pass ?? false,
    largestPassingSessions: largestPassing,
    live,
    bare,
  };
  mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench-results', 'live.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(
    `\n${TARGET_SESSIONS} sessions: ${result.targetMet ? 'PASS' : 'FAIL'} (p99 ${target?.p99LagMs} ms < ${TARGET_P99_MS}, min fps ${target?.minFps} >= ${TARGET_FPS}); largest passing: ${largestPassing}; bare Socket.IO at ${TARGET_SESSIONS}: p99 ${bare[0]?.p99LagMs} ms, min fps ${bare[0]?.minFps}`,
  );
  console.log('wrote bench-results/live.json');
  process.exit(0);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
function round(x) {
  return Math.round(x * 100) / 100;
}
