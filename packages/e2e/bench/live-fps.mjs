#!/usr/bin/env node
/* global fetch, setTimeout, document, performance, requestAnimationFrame -- Node globals, and browser ones inside page.evaluate */
// Live view frame rate: a 60-floor, 16-car building created through the API, a session at 10× speed,
// the live view open in headless Chromium, and requestAnimationFrame timings for ~10 s. Reports the
// mean FPS and the 5th-percentile FPS (from the 95th-percentile frame interval) against 50 FPS.
// Uses E2E_BASE_URL if set, else starts the built backend on a free port with a temporary database.
// Writes bench-results/frontend-live-fps.json at the repo root.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const TARGET_FPS = 50;
const MEASURE_MS = Number(process.env.FPS_MEASURE_MS ?? 10_000);

const freePort = () =>
  new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });

async function waitReady(base, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/api/ready`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`backend at ${base} did not become ready`);
}

async function api(base, path, body) {
  const res = await fetch(`${base}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

function tower(floors, cars) {
  return {
    name: `FPS tower (${floors} floors, ${cars} cars)`,
    floors: Array.from({ length: floors }, (_, i) => ({
      name: i === 0 ? 'G' : String(i),
      height: i === 0 ? 5 : 3.8,
      population: i === 0 ? 0 : 60,
      entrance: i === 0,
    })),
    groups: [
      {
        name: 'T',
        servedFloors: Array.from({ length: floors }, (_, i) => i),
        cars: Array.from({ length: cars }, (_, i) => ({
          id: `T${i + 1}`,
          capacity: 24,
          speed: 6,
          acceleration: 1.2,
          jerk: 1.8,
          homeFloor: 0,
        })),
      },
    ],
  };
}

let server = null;
let dataDir = null;
let base = process.env.E2E_BASE_URL;
if (!base) {
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'hoistway-fps-'));
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['packages/backend/dist/main.js'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_MODE: 'local-single-user',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

let exitCode = 1;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  await waitReady(base);
  const building = await api(base, '/buildings', tower(60, 16));
  const session = await api(base, '/sessions', {
    buildingId: building.id,
    speed: 10,
    traffic: { kind: 'template', template: 'up-peak', intensity: 15 },
  });
  await api(base, `/sessions/${session.id}/control`, { type: 'start' });

  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${base}/sessions/${session.id}`);
  await page.getByTestId('shaft-canvas').waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    () => document.querySelector('[data-testid="connection"]')?.textContent === 'connected',
  );
  await page.waitForTimeout(1000); // let the frame buffer fill

  const intervals = await page.evaluate(
    (ms) =>
      new Promise((resolveTimes) => {
        const times = [];
        const start = performance.now();
        const tick = (t) => {
          times.push(t);
          if (t - start < ms) requestAnimationFrame(tick);
          else resolveTimes(times.slice(1).map((v, i) => v - times[i]));
        };
        requestAnimationFrame(tick);
      }),
    MEASURE_MS,
  );
  const simClock = await page.getByTestId('sim-clock').textContent();
  const sorted = [...intervals].sort((a, b) => a - b);
  const meanInterval = intervals.reduce((a, b) => a + b, 0) / intervals.length;
  const p95Interval = sorted[Math.floor(0.95 * (sorted.length - 1))];
  const meanFps = Math.round((1000 / meanInterval) * 10) / 10;
  const p5Fps = Math.round((1000 / p95Interval) * 10) / 10;
  const result = {
    benchmark: 'live view rAF frame rate, 60 floors × 16 cars at 10× speed, headless Chromium',
    date: new Date().toISOString(),
    frames: intervals.length,
    measuredMs: MEASURE_MS,
    meanFps,
    p5Fps,
    maxFrameMs: Math.round(sorted[sorted.length - 1] * 10) / 10,
    simClockAtEnd: simClock,
    targetFps: TARGET_FPS,
    pass: meanFps >= TARGET_FPS,
  };
  console.log(
    `Live view: mean ${meanFps} FPS, p5 ${p5Fps} FPS over ${intervals.length} frames (target ≥ ${TARGET_FPS}) — ${result.pass ? 'PASS' : 'FAIL'}`,
  );
  mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
  writeFileSync(
    join(repoRoot, 'bench-results/frontend-live-fps.json'),
    JSON.stringify(result, null, 2) + '\n',
  );
  exitCode = result.pass ? 0 : 1;
} catch (err) {
  console.error(err);
} finally {
  await browser.close();
  if (server) server.kill();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
