/* global fetch, setTimeout */
// Host-side tests of the running compose stack (started by .ci/compose-e2e.sh):
//   node --test --test-concurrency=1 infra/tests
// Env: HOISTWAY_URL (default http://127.0.0.1:$HOISTWAY_PORT, port 5007), COMPOSE_FILE and
// COMPOSE_PROJECT_NAME select the stack for the `docker compose` calls (as compose itself reads them).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Buffer } from 'node:buffer';
import { connect } from 'node:net';
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

async function api(method, path, body) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
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
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

async function containerOf(service) {
  const id = await compose('ps', '-q', service);
  assert.ok(id, `no container for service ${service}`);
  return JSON.parse((await run('docker', ['inspect', id])).stdout)[0];
}

/**
 * True when `host:port` answers like the service would: a TCP connect alone proves nothing where an egress
 * proxy accepts every connection, so the service must reply to a first message within 2 s.
 * `hello` is what to send; `reply` checks the first bytes back.
 */
function serviceAnswers(host, port, hello, reply) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => socket.write(hello));
    socket.once('data', (data) => done(reply(data)));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}
const httpHello = (host) => `GET /api/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
const isHttp = (data) => data.toString('latin1').startsWith('HTTP/1.1 200');
// PostgreSQL SSLRequest (length 8, code 80877103): a server answers one byte, 'S' or 'N'
const pgSslRequest = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
const isPostgres = (data) => data.length === 1 && (data[0] === 0x53 || data[0] === 0x4e);

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

  it('cannot reach the backend or the database from the host, even at their container addresses', async () => {
    // the probes work: nginx answers on the published port
    assert.equal(
      await serviceAnswers('127.0.0.1', new URL(baseUrl).port, httpHello('localhost'), isHttp),
      true,
    );
    const targets = [
      ['backend', 5007, (host) => httpHello(host), isHttp],
      ['session-db', 5432, () => pgSslRequest, isPostgres],
    ];
    for (const [service, port, hello, reply] of targets) {
      const c = await containerOf(service);
      const addresses = Object.values(c.NetworkSettings.Networks)
        .map((n) => n.IPAddress)
        .filter(Boolean);
      assert.ok(addresses.length > 0);
      for (const address of addresses) {
        const answered = await serviceAnswers(address, port, hello(address), reply);
        assert.equal(answered, false, `${service} answers the host at ${address}:${port}`);
      }
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
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
      const ui = await browser.newPage();
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
    const client = io(baseUrl, { path: '/socket.io/', transports: ['websocket'], reconnectionDelay: 250 });
    clients.push(client);
    client.on('frame', (f) => f.sessionId === session.id && frames.push(f));
    client.on('connect', () => client.emit('join', { sessionId: session.id }, () => {}));
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

  it('every service runs as a non-root user', async () => {
    for (const service of ['frontend', 'backend']) {
      const c = await containerOf(service);
      const { stdout } = await run('docker', ['exec', c.Id, 'id', '-u']);
      assert.notEqual(stdout.trim(), '0', `${service} runs as uid ${stdout.trim()}`);
    }
  });
});
