/**
 * The playground's simulation harness: runs a person's dispatcher (compiled by script-compiler) and
 * the built-in ones on the pure engine. No worker APIs here: the Web Worker (playground.worker.ts)
 * drives it, and the unit tests call it directly with a fake clock.
 */
import {
  KPI_DEFINITIONS,
  RESULTS_SCHEMA_VERSION,
  runConfigSchema,
  type Building,
  type DispatcherConfig,
  type FrameCar,
  type LiveFrame,
  type RunResults,
  type SimulationResults,
  type Traffic,
} from '@hoistway/shared-types';
import {
  Simulation,
  aggregateComparison,
  aggregateGroupIntervals,
  comparisonDistributions,
  generateArrivals,
  measuredWait,
  type ComparedRun,
  type KpiStat,
} from '@hoistway/simulator/browser';
import { compileDispatcher, type CompiledDispatcher } from './script-compiler.js';

export interface PlaygroundInputs {
  building: Building;
  traffic: Traffic;
  /** Simulated time, s (warm-up included). */
  duration: number;
  warmUp: number;
  seed: number;
}

export interface HarnessClock {
  /** Wall clock, ms. */
  now: () => number;
  /** Longest one `choose` call may run, ms. */
  decisionBudgetMs: number;
}

/** Built-in dispatcher for the run, or the script (the engine then asks the script). */
export function createPlaygroundSimulation(
  inputs: PlaygroundInputs,
  dispatcher: { script: string } | { builtin: DispatcherConfig },
  clock: HarnessClock,
): { sim: Simulation; script: CompiledDispatcher | null } {
  const script = 'script' in dispatcher ? compileDispatcher(dispatcher.script, clock) : null;
  const config = runConfigSchema.parse({
    duration: inputs.duration,
    warmUp: inputs.warmUp,
    seed: inputs.seed,
    dispatcher:
      'builtin' in dispatcher
        ? dispatcher.builtin
        : { name: script?.destinationControl ? 'destination' : 'eta' },
  });
  const arrivals = generateArrivals(inputs.building, inputs.traffic, {
    seed: inputs.seed,
    duration: inputs.duration,
  });
  const sim = new Simulation(inputs.building, arrivals, config, script ? { dispatcher: script } : {});
  return { sim, script };
}

/** Simulated seconds per `advanceTo` step, so a long advance can check its wall-time budget. */
const STEP = 5;

/**
 * Advances toward `until` (sim s) in small steps, stopping early when `budgetMs` of wall time is
 * used; returns the sim time reached.
 */
export function advanceWithin(sim: Simulation, until: number, now: () => number, budgetMs: number): number {
  const start = now();
  const end = Math.min(until, sim.endTime);
  while (sim.time < end && !sim.finished) {
    sim.advanceTo(Math.min(end, sim.time + STEP));
    if (now() - start >= budgetMs) break;
  }
  return sim.time;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** What the live view draws at one instant (the same car shape the server's frames carry). */
export interface PlaygroundFrame {
  time: number;
  endTime: number;
  cars: FrameCar[];
  /** Group and capacity of each car (what the shaft drawing labels). */
  carInfo: { id: string; group: string; capacity: number }[];
  queues: { floor: number; up: number; down: number }[];
  /** Hall calls registered now, as live frames carry them. */
  calls: LiveFrame['calls'];
  waiting: number;
  riding: number;
  kpis: SimulationResults['kpis'];
}

export function frameOf(sim: Simulation): PlaygroundFrame {
  const s = sim.snapshot();
  return {
    time: round3(s.time),
    endTime: sim.endTime,
    cars: s.cars.map((c) => ({
      id: c.id,
      position: round3(c.position),
      velocity: round3(c.velocity),
      direction: c.direction,
      door: c.door,
      load: c.load,
      target: c.target,
    })),
    carInfo: s.cars.map((c) => ({ id: c.id, group: c.group, capacity: c.capacity })),
    queues: s.queues.filter((q) => q.up + q.down > 0),
    calls: s.calls,
    waiting: s.waiting,
    riding: s.riding,
    kpis: s.kpis,
  };
}

/** Results of a finished run and the waits its KPIs counted (for pooled distributions). */
export function finishRun(sim: Simulation): ComparedRun {
  const passengers = sim.passengerRecords();
  const results = sim.results(passengers);
  const waits: number[] = [];
  for (const p of passengers) {
    const w = measuredWait(p, results.endTime);
    if (w !== null) waits.push(w);
  }
  return { results, waits };
}

export interface ComparisonJob extends Omit<PlaygroundInputs, 'seed'> {
  script: string;
  /** Built-in dispatchers to compare with. */
  builtins: DispatcherConfig[];
  seeds: number[];
}

/** A dispatcher of a playground comparison: a built-in one, or the script (config null). */
export interface PlaygroundEntry {
  label: string;
  config: DispatcherConfig | null;
}

/** Comparison results in the shape of a server comparison's, with the script as a dispatcher. */
export type PlaygroundResults = Omit<RunResults, 'dispatchers'> & { dispatchers: PlaygroundEntry[] };

/** The comparison table and charts read only labels of the dispatchers, so they take these results. */
export const asRunResults = (r: PlaygroundResults) => r as unknown as RunResults;

/**
 * The script first (labelled with its exported `name`, marked when a built-in has the same label),
 * then the built-ins, a repeated name numbered as server comparisons do (`eta`, `eta #2`).
 */
export function comparisonEntries(
  scriptName: string,
  builtins: readonly DispatcherConfig[],
): PlaygroundEntry[] {
  const seen = new Map<string, number>();
  const entries: PlaygroundEntry[] = [];
  for (const config of builtins) {
    const n = (seen.get(config.name) ?? 0) + 1;
    seen.set(config.name, n);
    entries.push({ label: n === 1 ? config.name : `${config.name} #${n}`, config });
  }
  const label = entries.some((e) => e.label === scriptName) ? `${scriptName} (script)` : scriptName;
  return [{ label, config: null }, ...entries];
}

/**
 * Runs the script and every built-in dispatcher on every seed, one after the other, and aggregates
 * them as server comparisons do. `onProgress` is called after every ~`sliceMs` of work (the worker
 * posts it, which also tells the watchdog it is alive).
 */
export function runComparison(
  job: ComparisonJob,
  clock: HarnessClock & { sliceMs: number },
  onProgress: (done: number, total: number) => void,
): PlaygroundResults {
  // Compiling once up front reports a broken script before any simulation, and gives its name.
  const entries = comparisonEntries(compileDispatcher(job.script, clock).name, job.builtins);
  const total = entries.length * job.seeds.length;
  const byLabel: Record<string, (ComparedRun & { seed: number })[]> = {};
  let done = 0;
  onProgress(0, total);
  for (const entry of entries) {
    byLabel[entry.label] = [];
    for (const seed of job.seeds) {
      const { sim } = createPlaygroundSimulation(
        { ...job, seed },
        entry.config ? { builtin: entry.config } : { script: job.script },
        clock,
      );
      while (!sim.finished) {
        advanceWithin(sim, sim.endTime, clock.now, clock.sliceMs);
        onProgress(done, total);
      }
      byLabel[entry.label]!.push({ ...finishRun(sim), seed });
      onProgress(++done, total);
    }
  }
  return comparisonResults(entries, byLabel);
}

const finiteOrNull = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;
const stored = (byLabel: Record<string, KpiStat>) =>
  Object.fromEntries(
    Object.entries(byLabel).map(([label, s]) => [
      label,
      {
        mean: finiteOrNull(s.mean),
        ci95Low: finiteOrNull(s.ci95Low),
        ci95High: finiteOrNull(s.ci95High),
        n: s.n,
      },
    ]),
  );

/** Same aggregation as the backend's comparison runs (means, 95% CIs, distributions, per-seed KPIs). */
export function comparisonResults(
  entries: readonly PlaygroundEntry[],
  byLabel: Readonly<Record<string, readonly (ComparedRun & { seed: number })[]>>,
): PlaygroundResults {
  const resultsByLabel = Object.fromEntries(
    Object.entries(byLabel).map(([label, runs]) => [label, runs.map((r) => r.results)]),
  );
  const summary: RunResults['summary'] = {};
  for (const [kpi, perLabel] of Object.entries(aggregateComparison(resultsByLabel)))
    summary[kpi] = stored(perLabel);
  const groupIntervals: NonNullable<RunResults['groupIntervals']> = {};
  for (const [group, perLabel] of Object.entries(aggregateGroupIntervals(resultsByLabel)))
    groupIntervals[group] = stored(perLabel);
  return {
    dispatchers: [...entries],
    summary,
    groupIntervals,
    resultsSchemaVersion: RESULTS_SCHEMA_VERSION,
    distributions: comparisonDistributions(byLabel),
    runs: entries.flatMap(({ label }) =>
      (byLabel[label] ?? []).map((r) => ({
        dispatcher: label,
        seed: r.seed,
        kpis: Object.fromEntries(KPI_DEFINITIONS.map(({ key }) => [key, finiteOrNull(r.results.kpis[key])])),
        saturated: r.results.kpis.saturated === true,
      })),
    ),
  };
}
