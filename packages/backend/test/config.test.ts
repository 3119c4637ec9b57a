import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).toMatchObject({
      PORT: 5007,
      HOST: '0.0.0.0',
      DATA_DIR: './data',
      LOG_LEVEL: 'info',
      BODY_LIMIT: 5 * 1024 * 1024,
      RATE_LIMIT_MAX: 1200,
    });
  });

  it('hardening settings: docs, proxies, request timeout and work limits', () => {
    expect(loadConfig({})).toMatchObject({
      API_DOCS: true,
      TRUST_PROXY: false,
      REQUEST_TIMEOUT_MS: 60_000,
      LIMIT_FLOOR_POPULATION: 10_000,
      LIMIT_SIMULATION_PASSENGERS: 500_000,
      LIMIT_QUEUED_RUN_TASKS: 4000,
    });
    expect(loadConfig({ API_DOCS: 'off', TRUST_PROXY: '1' })).toMatchObject({
      API_DOCS: false,
      TRUST_PROXY: 1,
    });
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    for (const [name, value] of [
      ['TRUST_PROXY', 'everyone'],
      ['API_DOCS', 'maybe'],
      ['LIMIT_SIMULATION_PASSENGERS', '0'],
      ['REQUEST_TIMEOUT_MS', '10'],
    ] as const)
      expect(() => loadConfig({ [name]: value }), name).toThrow(new RegExp(name));
  });

  it('parses values and treats empty strings as unset', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/x',
      LOG_LEVEL: 'debug',
      DATA_DIR: '',
    });
    expect(c).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgres://u@db:5432/x',
      LOG_LEVEL: 'debug',
      DATA_DIR: './data',
    });
  });

  it('RUN_EXECUTION: auto by default; workers needs a DATABASE_URL the workers can reach', () => {
    expect(loadConfig({}).RUN_EXECUTION).toBe('auto');
    expect(
      loadConfig({ RUN_EXECUTION: 'workers', DATABASE_URL: 'postgres://u@db:5432/x' }).RUN_EXECUTION,
    ).toBe('workers');
    expect(() => loadConfig({ RUN_EXECUTION: 'workers' })).toThrow(
      /RUN_EXECUTION: `workers` needs DATABASE_URL/,
    );
    expect(() => loadConfig({ RUN_EXECUTION: 'sometimes' })).toThrow(/RUN_EXECUTION/);
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('LOG_LEVEL');
      expect(message).toContain('DATABASE_URL');
    }
  });
});

describe('live-session settings come from the same configuration', () => {
  it('reads LIVE_* and names an invalid one at start-up', async () => {
    const { liveSettingsFrom } = await import('../src/live/main/live-config.js');
    const settings = liveSettingsFrom(loadConfig({ LIVE_FRAME_RATE: '20', LIVE_WORKERS: '0' }));
    expect(settings).toMatchObject({ frameRate: 20, workers: 0, checkpointMs: 2000, fastBudgetMs: 25 });
    expect(() => loadConfig({ LIVE_FRAME_RATE: '500' })).toThrow(/LIVE_FRAME_RATE/);
  });

  it('reads the sim-time checkpoint cadence and the replicas’ lease timings, with defaults', async () => {
    const { liveSettingsFrom } = await import('../src/live/main/live-config.js');
    expect(liveSettingsFrom(loadConfig({}))).toMatchObject({
      checkpointSimSeconds: 60,
      leaseMs: 6000,
      heartbeatMs: 2000,
    });
    const set = loadConfig({
      LIVE_CHECKPOINT_SIM_SECONDS: '30',
      LIVE_LEASE_MS: '3000',
      LIVE_LEASE_HEARTBEAT_MS: '1000',
    });
    expect(liveSettingsFrom(set)).toMatchObject({
      checkpointSimSeconds: 30,
      leaseMs: 3000,
      heartbeatMs: 1000,
    });
    // A lease must outlast two heartbeats, or a busy replica would lose its sessions.
    expect(() => loadConfig({ LIVE_LEASE_HEARTBEAT_MS: '4000' })).toThrow(/LIVE_LEASE_HEARTBEAT_MS/);
    expect(() => loadConfig({ LIVE_LEASE_MS: '3000' })).toThrow(/LIVE_LEASE_MS/);
    expect(() => loadConfig({ LIVE_CHECKPOINT_SIM_SECONDS: '0' })).toThrow(/LIVE_CHECKPOINT_SIM_SECONDS/);
  });
});

describe('server options', () => {
  it('give the app plugin minutes, not avvio’s 10 s, to open the database and migrate', async () => {
    // A loaded CI machine took longer than 10 s to open embedded PGlite, and the server refused to start.
    const { serverOptions } = await import('../src/app.js');
    expect(serverOptions(loadConfig({})).pluginTimeout).toBeGreaterThanOrEqual(120_000);
  });
});

describe('AUTH_MODE', () => {
  it('defaults to login; local-single-user is refused unless HOST is a loopback address', () => {
    expect(loadConfig({}).AUTH_MODE).toBe('login');
    expect(() => loadConfig({ AUTH_MODE: 'local-single-user' })).toThrow(
      /AUTH_MODE: local-single-user needs HOST/,
    );
    expect(() => loadConfig({ AUTH_MODE: 'local-single-user', HOST: '192.168.1.5' })).toThrow(/AUTH_MODE/);
    for (const HOST of ['127.0.0.1', '::1', 'localhost'])
      expect(loadConfig({ AUTH_MODE: 'local-single-user', HOST }).AUTH_MODE).toBe('local-single-user');
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://a.example, https://b.example' }).ALLOWED_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(() => loadConfig({ SETUP_TOKEN: 'short' })).toThrow(/SETUP_TOKEN/);
  });
});
