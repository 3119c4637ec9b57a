/* global fetch, setTimeout */
// Host-side tests of the running compose stack (started by .ci/compose-e2e.sh):
//   node --test --test-concurrency=1 infra/tests
// Env: HOISTWAY_URL (default http://127.0.0.1:$HOISTWAY_PORT, port 5007), COMPOSE_FILE and
// COMPOSE_PROJECT_NAME select the stack for the `docker compose` calls (as compose itself reads them).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { io } from 'socket.io-client';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const baseUrl = process.env.HOISTWAY_URL ?? `http://127.0.0.1:${process.env.HOISTWAY_PORT ?? 5007}`;
const officeBuilding = JSON.parse(
  readFileSync(new URL('../../packages/simulator/examples/office-10.json', import.meta.url), 'utf8'),
);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function compose(...args) {
  const { stdout } = await run('docker', ['compose', ...args], { cwd: repoRoot, maxBuffer: 16 << 20 });
  return stdout.trim();
}

// The stack requires login: sign in as the e2e admin (creating it with the stack's SETUP_TOKEN when
// the Playwright suite has not) and use a write API token for every call and socket.
const admin = {
  username: process.env.E2E_ADMIN_USER ?? 'e2e-admin',
  password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password',
};
let apiToken;
async function bearer() {
  if (apiToken) return apiToken;
  const post = (path, body, headers = {}) =>
    fetch(baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const status = await (await fetch(baseUrl + '/api/auth/status')).json();
  const token = process.env.E2E_SETUP_TOKEN ?? process.env.SETUP_TOKEN ?? 'e2e-setup-token-0123456789';
  const signIn = status.setupRequired
    ? await post('/api/auth/setup', { token, ...admin })
    : await post('/api/auth/login', admin);
  assert.ok(signIn.ok, `sign in: ${signIn.status} ${await signIn.clone().text()}`);
  const { csrfToken } = await signIn.json();
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const created = await post(
    '/api/auth/tokens',
    { name: `infra tests ${Date.now()}`, scope: 'write' },
    { cookie, 'x-csrf-token': csrfToken },
  );
  assert.equal(created.status, 201, `token: ${await created.clone().text()}`);
  apiToken = (await created.json()).token;
  return apiToken;
}

async function api(method, path, body) {
  const authorization = `Bearer ${await bearer()}`;
  const res = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? { authorization } : { authorization, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  const subject = typeof what === 'function' ? what() : what;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${subject}${last ? `: ${last.message}` : ''}`);
}

/**
 * Joins the session on every (re)connect, as the web app does: a refused join (e.g. 503 while the
 * session moves between replicas) is asked again a second later. Answers the refusals, for messages.
 * The pause only spaces the retries out; the tests wait for frames, not for it.
 */
function joinOnEveryConnect(client, sessionId) {
  const refusals = [];
  const join = () =>
    client.connected &&
    client.emit('join', { sessionId }, (ack) => {
      if (ack?.ok) return;
      refusals.push(`${new Date().toISOString()} ${ack?.message}`);
      setTimeout(join, 1000);
    });
  client.on('connect', join);
  return refusals;
}

/** A query on the stack's database, run by psql inside its own container (never from the host). */
async function sql(query) {
  return compose(
    'exec',
    '-T',
    'session-db',
    'sh',
    '-c',
    `psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "${query}"`,
  );
}

/** Every container of a service (inspected), e.g. the three of `--scale worker=3`. */
async function containersOf(service) {
  const ids = (await compose('ps', '-q', service)).split('\n').filter(Boolean);
  return ids.length ? JSON.parse((await run('docker', ['inspect', ...ids])).stdout) : [];
}

/** The (first) container of a service; with `--scale backend=2` a service has several. */
async function containerOf(service) {
  const id = (await compose('ps', '-q', service)).split('\n')[0];
  assert.ok(id, `no container for service ${service}`);
  return JSON.parse((await run('docker', ['inspect', id])).stdout)[0];
}

/**
 * Whether `host:port` answers like the service would, asked from inside a throwaway container on
 * `network` (the image must have node). A TCP connect alone proves nothing where an egress proxy
 * accepts every connection, so the service must reply to a first message within 2 s.
 * Resolves 'answered' or 'silent'. `kind` is 'http' (GET /api/health) or 'pg' (SSLRequest).
 */
async function probeFrom(image, network, host, port, kind) {
  const script = `
    const net = require('node:net');
    const [host, port, kind] = process.argv.slice(1);
    const socket = net.connect({ host, port: Number(port) });
    const done = (ok) => { console.log(ok ? 'answered' : 'silent'); socket.destroy(); process.exit(0); };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => socket.write(kind === 'pg'
      ? Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])
      : 'GET /api/health HTTP/1.1\\r\\nHost: ' + host + '\\r\\nConnection: close\\r\\n\\r\\n'));
    socket.once('data', (d) => done(kind === 'pg'
      ? d.length === 1 && (d[0] === 0x53 || d[0] === 0x4e)
      : d.toString('latin1').startsWith('HTTP/1.1 200')));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));`;
  const { stdout } = await run('docker', [
    'run',
    '--rm',
    '--network',
    network,
    '--entrypoint',
    'node',
    image,
    '-e',
    script,
    host,
    String(port),
    kind,
  ]);
  return stdout.trim();
}

/** A raw HTTP/1.1 Upgrade request; resolves with the status line's code and headers. */
function upgradeRequest(path) {
  return new Promise((resolve, reject) => {
    const req = request(baseUrl + path, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.setTimeout(5000, () => req.destroy(new Error('upgrade timed out')));
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode, headers: res.headers });
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('nginx in front of the app', () => {
  it('serves the web app with security headers, no version in Server, and no-cache on index.html', async () => {
    const res = await fetch(baseUrl + '/');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<div id="app">/);
    assert.match(res.headers.get('cache-control') ?? '', /no-cache/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('referrer-policy'));
    assert.equal(res.headers.get('server'), 'nginx', 'server_tokens off hides the version');
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await fetch(baseUrl + '/sessions/00000000-0000-4000-8000-000000000000');
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<div id="app">/);
  });

  it('serves hashed assets gzip-compressed with a long-lived immutable cache', async () => {
    const html = await (await fetch(baseUrl + '/')).text();
    const asset = html.match(/(?:src|href)="(\/assets\/[^"]+\.js)"/)?.[1];
    assert.ok(asset, 'index.html references a hashed JS bundle');
    const res = await fetch(baseUrl + asset, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('cache-control') ?? '', /max-age=31536000/);
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    await res.arrayBuffer();
    const missing = await fetch(baseUrl + '/assets/does-not-exist.js');
    assert.equal(missing.status, 404, 'a missing asset is a 404, not the SPA page');
  });

  it('proxies /api to a ready backend and limits request size', async () => {
    assert.equal((await fetch(baseUrl + '/api/health')).status, 200);
    assert.equal((await fetch(baseUrl + '/api/ready')).status, 200);
    const big = await fetch(baseUrl + '/api/buildings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(7 * 1024 * 1024) }),
    });
    assert.equal(big.status, 413);
    // nginx's own 413 has the API's JSON error shape.
    assert.match(big.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await big.json(), {
      error: 'Payload Too Large',
      message: 'Request body is too large',
      details: [],
    });
  });

  it('redirects /api to /api/ with a relative Location (never the internal port)', async () => {
    const res = await fetch(baseUrl + '/api', { redirect: 'manual' });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/api/');
  });

  it("API answers carry the backend's security headers and request id, once each", async () => {
    const res = await fetch(baseUrl + '/api/health', { headers: { 'x-request-id': 'compose-check-1' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('x-request-id'), 'compose-check-1');
    const hostile = await fetch(baseUrl + '/api/health', { headers: { 'x-request-id': 'x'.repeat(200) } });
    assert.match(hostile.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('upgrades a WebSocket on /socket.io/ through nginx', async () => {
    const res = await upgradeRequest('/socket.io/?EIO=4&transport=websocket');
    assert.equal(res.status, 101);
    assert.equal(String(res.headers.upgrade).toLowerCase(), 'websocket');
  });
});

describe('network isolation', () => {
  it('publishes only the frontend port', async () => {
    for (const service of ['backend', 'session-db']) {
      const c = await containerOf(service);
      const bound = Object.values(c.NetworkSettings.Ports ?? {}).filter((b) => b && b.length > 0);
      assert.deepEqual(bound, [], `${service} publishes no port`);
    }
    const frontend = await containerOf('frontend');
    const published = Object.values(frontend.NetworkSettings.Ports ?? {})
      .flat()
      .filter(Boolean);
    assert.equal(published.length > 0, true, 'frontend publishes its port');
  });

  it('keeps the backend and the database on the internal network: reachable there, nowhere else', async () => {
    // Probes run inside throwaway containers (never from the host to container addresses): one on the
    // stack's internal network must reach both services, one on an unrelated network neither.
    const targets = [
      ['backend', 5007, 'http'],
      ['session-db', 5432, 'pg'],
    ];
    const image = (await containerOf('backend')).Config.Image;
    const outsider = `hoistway-probe-${Date.now().toString(36)}`;
    await run('docker', ['network', 'create', outsider]);
    try {
      for (const [service, port, kind] of targets) {
        const c = await containerOf(service);
        assert.deepEqual(
          Object.values(c.NetworkSettings.Ports ?? {}).filter(Boolean),
          [],
          `${service} publishes no port to the host`,
        );
        for (const [network, settings] of Object.entries(c.NetworkSettings.Networks)) {
          assert.equal(
            await probeFrom(image, network, service, port, kind),
            'answered',
            `${service} on ${network}`,
          );
          const address = settings.IPAddress;
          if (address)
            assert.equal(
              await probeFrom(image, outsider, address, port, kind),
              'silent',
              `${service} answers a container outside its network at ${address}:${port}`,
            );
        }
      }
    } finally {
      await run('docker', ['network', 'rm', outsider]).catch(() => {});
    }
  });
});

describe('simulator on demand', () => {
  const dataset = `infra-e2e-${Date.now().toString(36)}`;

  it('`docker compose run --rm simulator generate` writes a dataset that the API and the UI show', async () => {
    await compose(
      'run',
      '--rm',
      '-T',
      'simulator',
      'generate',
      '-b',
      'examples/office-10.json',
      '-t',
      'examples/traffic/up-peak.json',
      '--episodes',
      '1',
      '--seed',
      '7',
      '--duration',
      '600',
      '--drain',
      '120',
      '--dataset',
      dataset,
      '--no-progress',
    );
    const page = await api('GET', '/api/datasets');
    const found = page.items.find((d) => d.name === dataset);
    assert.ok(found, `dataset ${dataset} listed by the API`);

    const { chromium } = await import('@playwright/test');
    // As the e2e suite finds it: CHROMIUM_PATH, else Playwright's own, else a Chromium on PATH.
    const onPath = (process.env.PATH ?? '')
      .split(delimiter)
      .flatMap((dir) => ['chromium', 'chromium-browser', 'google-chrome'].map((name) => join(dir, name)))
      .find((file) => existsSync(file));
    const executablePath =
      process.env.CHROMIUM_PATH || (existsSync(chromium.executablePath()) ? undefined : onPath);
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      // Signed in by the API token (the app's requests carry it), so the page shows the data.
      const context = await browser.newContext({
        extraHTTPHeaders: { authorization: `Bearer ${await bearer()}` },
      });
      const ui = await context.newPage();
      const cspErrors = [];
      ui.on(
        'console',
        (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()),
      );
      await ui.goto(baseUrl + '/datasets');
      await ui.getByText(dataset).first().waitFor({ timeout: 15_000 });
      assert.deepEqual(cspErrors, [], 'the CSP blocks nothing the app needs');
    } finally {
      await browser.close();
    }
  });
});

describe('backend restart', () => {
  const clients = [];
  after(() => clients.forEach((c) => c.close()));

  it('a running live session resumes by itself after `docker compose restart backend`', async () => {
    const building = await api('POST', '/api/buildings', {
      ...officeBuilding,
      name: `Restart ${Date.now()}`,
    });
    const config = { duration: 3600, warmUp: 60, seed: 11, dispatcher: { name: 'eta' } };
    const session = await api('POST', '/api/sessions', { buildingId: building.id, config, speed: 20 });
    await api('POST', `/api/sessions/${session.id}/control`, { type: 'start' });

    // frames arrive over a WebSocket through nginx (polling disabled)
    const frames = [];
    const client = io(baseUrl, {
      path: '/socket.io/',
      transports: ['websocket'],
      reconnectionDelay: 250,
      auth: { token: await bearer() },
    });
    clients.push(client);
    client.on('frame', (f) => f.sessionId === session.id && frames.push(f));
    joinOnEveryConnect(client, session.id);
    // a backend shutting down for a restart disconnects its clients on purpose: reconnect then too
    client.on('disconnect', (reason) => reason === 'io server disconnect' && client.connect());
    await waitFor(() => frames.length >= 3, 15_000, 'live frames over the WebSocket');
    assert.equal(client.io.engine.transport.name, 'websocket');

    // let a checkpoint (LIVE_CHECKPOINT_MS=500 in the e2e override) land, then restart the container
    await sleep(1500);
    const beforeRestart = await api('GET', `/api/sessions/${session.id}`);
    assert.equal(beforeRestart.status, 'running');
    assert.ok(beforeRestart.simTime > 0);
    await compose('restart', '-t', '10', 'backend');
    await waitFor(
      async () => (await fetch(baseUrl + '/api/ready')).ok,
      60_000,
      'the backend to be ready again',
    );

    // nobody needs to ask: the stored clock moves past the pre-restart checkpoint
    await waitFor(
      async () => {
        const s = await api('GET', `/api/sessions/${session.id}`);
        return s.status === 'running' && s.simTime > beforeRestart.simTime + 5;
      },
      30_000,
      'the session to run on after the restart',
    );
    // and the viewer reconnects through nginx and sees frames after the restart point
    const framesBefore = frames.length;
    await waitFor(
      () => frames.length > framesBefore + 2 && frames.at(-1).time > beforeRestart.simTime,
      30_000,
      'frames after the restart',
    );
    await api('POST', `/api/sessions/${session.id}/control`, { type: 'stop' });
  });
});

describe('images', () => {
  let frontendImage;
  before(async () => {
    frontendImage = (await containerOf('frontend')).Config.Image;
  });

  it('the real nginx config passes `nginx -t` in the built frontend image', async () => {
    const { stderr } = await run('docker', ['run', '--rm', frontendImage, 'nginx', '-t']);
    assert.match(stderr, /syntax is ok/);
    assert.match(stderr, /test is successful/);
  });

  it("the simulator image's HEALTHCHECK command succeeds (the CLI and its dependencies load)", async () => {
    const image = `${process.env.HOISTWAY_IMAGE_PREFIX ?? 'hoistway'}/simulator:${process.env.HOISTWAY_TAG ?? 'local'}`;
    const config = JSON.parse((await run('docker', ['image', 'inspect', image])).stdout)[0].Config;
    const [kind, command, ...args] = config.Healthcheck.Test;
    assert.equal(kind, 'CMD');
    assert.equal(config.User, 'node');
    await run('docker', ['run', '--rm', '--entrypoint', command, image, ...args]);
  });

  it("carries the project's OCI labels, not the base image's", async () => {
    for (const image of ['frontend', 'backend', 'simulator']) {
      const ref = `${process.env.HOISTWAY_IMAGE_PREFIX ?? 'hoistway'}/${image}:${process.env.HOISTWAY_TAG ?? 'local'}`;
      const labels =
        JSON.parse((await run('docker', ['image', 'inspect', ref])).stdout)[0].Config.Labels ?? {};
      assert.equal(labels['org.opencontainers.image.title'], `hoistway-${image}`, ref);
      assert.equal(labels['org.opencontainers.image.vendor'], 'Hoistway', ref);
      assert.match(labels['org.opencontainers.image.description'] ?? '', /^Hoistway /, ref);
    }
  });

  it('holds only what its workspace loads (no PGlite in the simulator, no Socket.IO client in the backend)', async () => {
    const prefix = process.env.HOISTWAY_IMAGE_PREFIX ?? 'hoistway';
    const tag = process.env.HOISTWAY_TAG ?? 'local';
    const absent = async (image, path) => {
      const { stdout } = await run('docker', [
        'run',
        '--rm',
        '--entrypoint',
        'sh',
        `${prefix}/${image}:${tag}`,
        '-c',
        `test -e ${path} && echo present || echo absent`,
      ]);
      return stdout.trim() === 'absent';
    };
    assert.equal(
      await absent('simulator', '/app/node_modules/@electric-sql/pglite'),
      true,
      'simulator has PGlite',
    );
    assert.equal(
      await absent('backend', '/app/node_modules/socket.io-client'),
      true,
      'backend has socket.io-client',
    );
    assert.equal(
      await absent('backend', '/app/node_modules/@hoistway/frontend'),
      true,
      'backend has the frontend',
    );
  });

  it('every service runs as a non-root user', async () => {
    for (const service of ['frontend', 'backend']) {
      const c = await containerOf(service);
      const { stdout } = await run('docker', ['exec', c.Id, 'id', '-u']);
      assert.notEqual(stdout.trim(), '0', `${service} runs as uid ${stdout.trim()}`);
    }
  });
});

describe('backend replicas (--scale backend=2)', () => {
  const clients = [];
  after(() => clients.forEach((c) => c.close()));

  const backends = () => containersOf('backend');

  it('kill -9 of the replica hosting a live session: a viewer through nginx keeps getting frames (gap ≤ 10 s)', async (t) => {
    const replicas = await backends();
    if (replicas.length < 2) return t.skip(`the stack runs ${replicas.length} backend replica(s)`);
    // The restart test before this one leaves a replica "starting" until its next health check.
    await waitFor(
      async () => (await backends()).every((c) => c.State.Health?.Status === 'healthy'),
      120_000,
      'every backend replica to be healthy',
    );

    const building = await api('POST', '/api/buildings', {
      ...officeBuilding,
      name: `Replicas ${Date.now()}`,
    });
    const config = { duration: 3600, warmUp: 60, seed: 21, dispatcher: { name: 'eta' } };
    const session = await api('POST', '/api/sessions', { buildingId: building.id, config, speed: 20 });
    await api('POST', `/api/sessions/${session.id}/control`, { type: 'start' });
    const owner = async () =>
      sql(`select owner from session_leases where session_id = '${session.id}' and expires_at > now()`);
    const hostedBy = await owner();
    const host = replicas.find((c) => hostedBy.startsWith(`${c.Config.Hostname}-`));
    assert.ok(host, `the lease holder ${hostedBy} is one of the backend containers`);

    // A viewer through nginx (WebSocket only), re-joining after any reconnect, as the web app does.
    const arrivals = [];
    const client = io(baseUrl, {
      path: '/socket.io/',
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 1000,
      auth: { token: await bearer() },
    });
    clients.push(client);
    client.on('frame', (f) => f.sessionId === session.id && arrivals.push({ at: Date.now(), time: f.time }));
    const joinErrors = joinOnEveryConnect(client, session.id);
    client.on('disconnect', (reason) => reason === 'io server disconnect' && client.connect());
    await waitFor(() => arrivals.length >= 5, 15_000, 'live frames through nginx');

    await run('docker', ['kill', '-s', 'KILL', host.Id]);
    const killedAt = Date.now();
    try {
      const seen = arrivals.length;
      await waitFor(
        async () => {
          const now = await owner();
          return now !== '' && now !== hostedBy;
        },
        15_000,
        'another replica to hold the lease',
      );
      await waitFor(
        () => arrivals.length >= seen + 5,
        20_000,
        () =>
          `frames after the kill (${arrivals.length - seen} so far; refused joins: ${joinErrors.join('; ') || 'none'})`,
      );
      if (joinErrors.length > 0) console.info(`refused joins, retried: ${joinErrors.join('; ')}`);
      const resumed = arrivals.slice(seen).find((f) => f.at > killedAt);
      const gapMs = resumed.at - arrivals[seen - 1].at;
      console.info(
        `replica takeover: first frame ${resumed.at - killedAt} ms after kill -9, gap ${gapMs} ms`,
      );
      assert.ok(gapMs <= 10_000, `frame gap ${gapMs} ms ≤ 10 s`);
      assert.ok(arrivals.at(-1).time > resumed.time, 'the sim clock moves on after the takeover');
      const s = await api('GET', `/api/sessions/${session.id}`);
      assert.equal(s.status, 'running');
    } finally {
      // Back to two replicas for whatever runs next (Docker may have restarted it already).
      await run('docker', ['start', host.Id]);
      await waitFor(
        async () => (await backends()).every((c) => c.State.Health?.Status === 'healthy'),
        90_000,
        'both replicas healthy again',
      );
      await api('POST', `/api/sessions/${session.id}/control`, { type: 'stop' });
    }
  });
});

describe('workers (--scale worker=3)', () => {
  // 5 dispatchers × 20 seeds = 100 tasks of about 0.1 s CPU each (12 simulated hours of interfloor
  // traffic at 15 %): the run lasts long enough for a kill to land mid-run, short enough for 2 cores.
  const dispatchers = ['collective', 'nearest', 'sectoring', 'eta', 'destination'].map((name) => ({ name }));
  const comparison = {
    traffic: { kind: 'template', template: 'interfloor', intensity: 15 },
    dispatchers,
    seeds: Array.from({ length: 20 }, (_, i) => i + 1),
    duration: 43_200,
    warmUp: 300,
  };
  const total = dispatchers.length * comparison.seeds.length;

  /** Waits until the run leaves queued/running; answers its detail. */
  async function settled(id, timeoutMs) {
    let run;
    await waitFor(
      async () => {
        run = await api('GET', `/api/runs/${id}`);
        return !['queued', 'running'].includes(run.status);
      },
      timeoutMs,
      `run ${id} to end`,
    );
    return run;
  }

  /**
   * Tasks stored per consumer, from run_tasks.worker (`host:pid` of the process that ran the task;
   * in a container the host name is its short id). Workers and backends (RUN_EXECUTION=auto) both consume.
   */
  async function tasksByConsumer(runId, containers) {
    const rows = await sql(
      `select worker, count(*) from run_tasks where run_id = '${runId}' group by worker order by worker`,
    );
    return rows
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [worker, count] = line.split('|');
        const c = containers.find((x) => worker.startsWith(`${x.Config.Hostname}:`));
        return { worker, container: c, name: c ? c.Name.replace(/^\//, '') : worker, tasks: Number(count) };
      });
  }
  const isWorker = (c) => c?.Config.Labels?.['com.docker.compose.service'] === 'worker';
  const seconds = (run) => (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
  const describeSpread = (spread) => spread.map((s) => `${s.name} ${s.tasks}`).join(', ');

  /** Back to three running workers (Docker may have restarted the killed one already). */
  async function restoreWorkers() {
    await compose('up', '-d', '--no-deps', '--no-recreate', '--scale', 'worker=3', 'worker');
    await waitFor(
      async () => {
        const workers = await containersOf('worker');
        return workers.length === 3 && workers.every((c) => c.State.Running);
      },
      60_000,
      'three running workers again',
    );
  }

  it('a 5 × 20 comparison spreads over the workers; `docker kill -s KILL` of one mid-run leaves the results unchanged', async (t) => {
    const workers = await containersOf('worker');
    if (workers.filter((c) => c.State.Running).length < 2)
      return t.skip(`the stack runs ${workers.length} worker(s)`);
    const consumers = [...workers, ...(await containersOf('backend'))];
    const building = await api('POST', '/api/buildings', {
      ...officeBuilding,
      name: `Workers ${Date.now()}`,
    });
    const submit = async () =>
      (await api('POST', '/api/runs', { buildingId: building.id, ...comparison })).id;

    // 1. Uninterrupted: the reference results, and the tasks spread over more than one worker.
    const reference = await settled(await submit(), 180_000);
    assert.equal(reference.status, 'finished', reference.error ?? '');
    assert.equal(reference.results.runs.length, total);
    const spread = await tasksByConsumer(reference.id, consumers);
    assert.equal(
      spread.reduce((n, s) => n + s.tasks, 0),
      total,
    );
    const byWorkers = spread.filter((s) => isWorker(s.container));
    assert.ok(
      byWorkers.length >= 2,
      `tasks ran on more than one worker container: ${describeSpread(spread)}`,
    );
    console.info(`uninterrupted run: ${seconds(reference)} s, tasks per consumer: ${describeSpread(spread)}`);

    // 2. The same comparison; a worker that has been storing its tasks is killed once some are done.
    const id = await submit();
    let atKill;
    await waitFor(
      async () => {
        atKill = await api('GET', `/api/runs/${id}`);
        return atKill.progress.done >= 15;
      },
      120_000,
      'the second run to store 15 tasks',
    );
    assert.ok(atKill.progress.done < total, `the run is still under way (${atKill.progress.done}/${total})`);
    const busiest = (await tasksByConsumer(id, consumers))
      .filter((s) => isWorker(s.container))
      .sort((a, b) => b.tasks - a.tasks)[0];
    assert.ok(busiest, 'a worker container has stored tasks of the run');
    const victim = busiest.container;
    await run('docker', ['kill', '-s', 'KILL', victim.Id]);
    const killedAt = Date.now();
    try {
      const afterKill = await api('GET', `/api/runs/${id}`);
      assert.ok(
        afterKill.progress.done < total,
        `the kill lands mid-run (${afterKill.progress.done}/${total} done)`,
      );
      // Its log names the tasks it had started but not stored: the ones the kill interrupted.
      const { stdout, stderr } = await run('docker', ['logs', victim.Id]);
      const counts = new Map();
      for (const [, index, what] of (stdout + stderr).matchAll(
        new RegExp(`run ${id} task (\\d+) (started|stored)`, 'g'),
      )) {
        const c = counts.get(index) ?? { started: 0, stored: 0 };
        c[what]++;
        counts.set(index, c);
      }
      const interrupted = [...counts].filter(([, c]) => c.started > c.stored).map(([index]) => index);
      // The kill usually lands mid-task; one that lands between two tasks still tests the run's
      // recovery, so it is reported, not failed (a CI run once killed a worker with none in flight).
      if (interrupted.length === 0) console.log('the killed worker had no task in flight at the kill');

      // pg-boss hands them to another consumer once their heartbeat lapses (30 s by default).
      const finished = await settled(id, 240_000);
      const recovered = Date.now();
      assert.equal(finished.status, 'finished', finished.error ?? '');
      assert.deepEqual(finished.results, reference.results, 'the results equal the uninterrupted run’s');
      if (interrupted.length > 0) {
        const stored = await sql(
          `select count(*) from run_tasks where run_id = '${id}' and task_index in (${interrupted.join(',')})`,
        );
        assert.equal(Number(stored), interrupted.length, 'every interrupted task was run again and stored');
      }
      console.info(
        `killed ${victim.Name.replace(/^\//, '')} at ${afterKill.progress.done}/${total} tasks with ` +
          `${interrupted.length} in flight; run complete ${((recovered - killedAt) / 1000).toFixed(1)} s later ` +
          `(run ${seconds(finished)} s); tasks per consumer: ${describeSpread(await tasksByConsumer(id, consumers))}`,
      );
    } finally {
      await restoreWorkers();
    }
  });
});
