import type { RunDetail } from '@hoistway/shared-types';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import RunDetailView from './RunDetailView.vue';

// The app's one Socket.IO connection, replaced by a stand-in the tests push progress through.
const socket = vi.hoisted(() => {
  const handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  const emitted: string[] = [];
  return {
    connected: true,
    emitted,
    on(event: string, fn: (...args: unknown[]) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
    },
    off(event: string, fn: (...args: unknown[]) => void) {
      handlers.set(
        event,
        (handlers.get(event) ?? []).filter((h) => h !== fn),
      );
    },
    emit(event: string, _payload: unknown, ack?: (res: unknown) => void) {
      emitted.push(event);
      ack?.({ ok: false, error: 'Not Found', message: 'not here' });
    },
    fire(event: string, ...args: unknown[]) {
      for (const fn of handlers.get(event) ?? []) fn(...args);
    },
  };
});
vi.mock('../live/socket.js', () => ({ liveSocket: () => socket }));

const id = '3c9d7a51-0d5e-4c1e-8f0a-2b7c6d5e4f3a';
const run: RunDetail = {
  id,
  buildingId: '0b7f3f0e-3c1a-4c55-9a0e-1f2d3c4b5a69',
  buildingVersion: 1,
  status: 'finished',
  progress: { done: 4, total: 4 },
  error: null,
  ownerId: null,
  createdAt: '2026-11-28T10:00:00Z',
  updatedAt: '2026-11-28T10:01:00Z',
  startedAt: '2026-11-28T10:00:01Z',
  finishedAt: '2026-11-28T10:01:00Z',
  request: {
    buildingId: '0b7f3f0e-3c1a-4c55-9a0e-1f2d3c4b5a69',
    dispatchers: [{ name: 'eta' }, { name: 'nearest' }],
    seeds: [1, 2],
    duration: 3600,
    warmUp: 300,
    drainTime: 0,
    traffic: { kind: 'template', template: 'up-peak', intensity: 12 },
  } as RunDetail['request'],
  results: {
    dispatchers: [
      { label: 'eta', config: { name: 'eta' } },
      { label: 'nearest', config: { name: 'nearest' } },
    ] as NonNullable<RunDetail['results']>['dispatchers'],
    summary: {
      awt: {
        eta: { mean: 21.5, ci95Low: 10, ci95High: 33, n: 2 },
        nearest: { mean: 30, ci95Low: 25, ci95High: 35, n: 2 },
      },
      percentWaitsOver60: {
        eta: { mean: 2, ci95Low: 0, ci95High: 14.7, n: 2 },
        nearest: { mean: 5, ci95Low: 0, ci95High: 20, n: 2 },
      },
    },
    distributions: {
      eta: {
        waits: {
          count: 10,
          binWidth: 1,
          counts: [5, 5],
          quantiles: { p50: 0.5, p90: 1.2, p95: 1.4, p99: 1.9, max: 1.9 },
        },
        series: [{ start: 300, arrivals: 12, awt: 21.5, attd: 60, runs: 2 }],
      },
      nearest: {
        waits: {
          count: 10,
          binWidth: 1,
          counts: [0, 10],
          quantiles: { p50: 1.5, p90: 1.75, p95: 1.8, p99: 1.95, max: 1.95 },
        },
        series: [{ start: 300, arrivals: 12, awt: 30, attd: 70, runs: 2 }],
      },
    },
    runs: [],
  },
};

async function mountWith(
  detail: RunDetail,
  fetch = vi.fn(async (url: string) =>
    String(url).includes('/api/buildings/')
      ? new Response(JSON.stringify({ version: 1, definition: { name: 'Office Twenty' } }), { status: 200 })
      : new Response(JSON.stringify(detail), { status: 200 }),
  ),
) {
  vi.stubGlobal('fetch', fetch);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/runs/:id', component: RunDetailView, props: true },
      { path: '/runs/new', component: { template: '<p>new</p>' } },
    ],
  });
  await router.push(`/runs/${id}`);
  // Chart.js needs a real canvas: the stub keeps the props it was given.
  const wrapper = mount(RunDetailView, {
    props: { id },
    global: { plugins: [router], stubs: { ChartCanvas: true } },
  });
  await flushPromises();
  return wrapper;
}

describe('RunDetailView', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the KPI table with clamped intervals, the wait quantiles and the distribution charts', async () => {
    const wrapper = await mountWith(run);
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('finished');
    const table = wrapper.get('[data-testid="results-table"]').text();
    expect(table).toContain('21.5');
    expect(table).toContain('[0.0, 14.7]');
    const quantiles = wrapper.get('[data-testid="wait-quantiles"]').findAll('tbody tr');
    expect(quantiles.map((r) => r.findAll('th, td').map((c) => c.text()))).toEqual([
      ['eta', '0.5', '1.2', '1.4', '1.9', '1.9'],
      ['nearest', '1.5', '1.8', '1.8', '2.0', '2.0'],
    ]);
    const charts = wrapper.findAllComponents({ name: 'ChartCanvas' });
    const cdf = charts.find((c) => String(c.props('label')).startsWith('Cumulative distribution'));
    expect(cdf?.props('data').datasets.map((d: { label: string }) => d.label)).toEqual(['eta', 'nearest']);
    expect(cdf?.props('data').datasets[1].data).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 2, y: 100 },
    ]);
    const periods = charts.find((c) => String(c.props('label')).startsWith('Average wait per 5-minute'));
    expect(periods?.props('data').labels).toEqual(['0:05']);
    expect(periods?.props('data').datasets.map((d: { data: unknown[] }) => d.data)).toEqual([[21.5], [30]]);
  });

  it('leaves out the distribution charts for runs stored before distributions existed', async () => {
    const wrapper = await mountWith({ ...run, results: { ...run.results!, distributions: undefined } });
    expect(wrapper.find('[data-testid="results-table"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="distribution-charts"]').exists()).toBe(false);
  });

  it('warns about dispatchers whose runs ended saturated, and shows the new throughput rows', async () => {
    const stat = (mean: number) => ({ mean, ci95Low: mean, ci95High: mean, n: 2 });
    const results = {
      ...run.results!,
      resultsSchemaVersion: 2,
      summary: {
        ...run.results!.summary,
        stillWaiting: { eta: stat(0), nearest: stat(250) },
        throughput5MinPercent: { eta: stat(9.5), nearest: stat(9.1) },
        peak5MinPercent: { eta: stat(11.2), nearest: stat(10.4) },
        interval: { eta: stat(33.5), nearest: stat(36) },
      },
      groupIntervals: {
        'Low rise': { eta: stat(33), nearest: stat(35) },
        'High rise': { eta: stat(34), nearest: stat(37) },
      },
      runs: [
        { dispatcher: 'eta', seed: 1, kpis: {}, saturated: false },
        { dispatcher: 'eta', seed: 2, kpis: {}, saturated: false },
        { dispatcher: 'nearest', seed: 1, kpis: {}, saturated: true },
        { dispatcher: 'nearest', seed: 2, kpis: {}, saturated: true },
      ],
    };
    const wrapper = await mountWith({ ...run, results });
    const warnings = wrapper.findAll('[data-testid="run-saturation"]');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.text()).toContain(
      'nearest: 2 of 2 seeds ended with 250 passengers still waiting at the end',
    );
    expect(warnings[0]!.text()).toContain('the traffic exceeds the capacity of a lift group');
    expect(wrapper.get('[data-testid="kpi-row-throughput5MinPercent"]').text()).toContain('9.5');
    expect(wrapper.get('[data-testid="kpi-row-peak5MinPercent"]').text()).toContain('10.4');
    expect(wrapper.get('[data-testid="kpi-row-interval:High rise"]').text()).toContain('37.0');
    expect(wrapper.find('[data-testid="legacy-waits"]').exists()).toBe(false);
  });

  it('reads runs stored before schema 2: HC5 shows as the peak, missing rows show —', async () => {
    const stat = (mean: number) => ({ mean, ci95Low: mean, ci95High: mean, n: 2 });
    const results = {
      ...run.results!,
      summary: { ...run.results!.summary, hc5Percent: { eta: stat(12.5), nearest: stat(11) } },
    };
    const wrapper = await mountWith({ ...run, results });
    expect(wrapper.get('[data-testid="kpi-row-peak5MinPercent"]').text()).toContain('12.5');
    expect(wrapper.get('[data-testid="kpi-row-throughput5MinPercent"]').text()).toContain('—');
    expect(wrapper.find('[data-testid="run-saturation"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="legacy-waits"]').text()).toContain('leave them out');
  });

  it('names the building, its version, the traffic and the intensity compared', async () => {
    const wrapper = await mountWith(run);
    const setup = wrapper.get('[data-testid="run-setup"]').text();
    expect(setup).toContain('Office Twenty');
    expect(setup).toContain('version 1');
    expect(setup).toContain('Up-peak (85/10/5) at 12 % / 5 min');
  });

  it('shows the finished tasks of a cancelled run, saying it was cancelled', async () => {
    const wrapper = await mountWith({ ...run, status: 'cancelled', progress: { done: 4, total: 10 } });
    expect(wrapper.get('[data-testid="run-cancelled-note"]').text()).toContain(
      'Cancelled after 4 of 10 simulations',
    );
    expect(wrapper.get('[data-testid="results-table"]').text()).toContain('21.5');
  });

  it('follows a running run by pushed progress, and reads the results once it finishes', async () => {
    const running: RunDetail = { ...run, status: 'running', progress: { done: 1, total: 4 }, results: null };
    let served: RunDetail = running;
    const fetch = vi.fn(async (url: string) =>
      String(url).includes('/api/buildings/')
        ? new Response(JSON.stringify({ version: 1, definition: { name: 'Office Twenty' } }), { status: 200 })
        : new Response(JSON.stringify(served), { status: 200 }),
    );
    const wrapper = await mountWith(running, fetch);
    const runReads = () => fetch.mock.calls.filter(([u]) => String(u).endsWith(`/api/runs/${id}`)).length;
    expect(socket.emitted).toContain('subscribeRun');
    expect(wrapper.get('[data-testid="run-progress"]').text()).toBe('1 / 4 simulations');
    expect(runReads()).toBe(1);

    socket.fire('runProgress', { runId: id, status: 'running', done: 3, total: 4 });
    await flushPromises();
    expect(wrapper.get('[data-testid="run-progress"]').text()).toBe('3 / 4 simulations');
    expect(runReads()).toBe(1); // progress came by push, not by polling

    served = run;
    socket.fire('runProgress', { runId: id, status: 'finished', done: 4, total: 4 });
    await flushPromises();
    expect(runReads()).toBe(2);
    expect(wrapper.get('[data-testid="results-table"]').text()).toContain('21.5');
    expect(socket.emitted).toContain('unsubscribeRun');
    wrapper.unmount();
  });
});
