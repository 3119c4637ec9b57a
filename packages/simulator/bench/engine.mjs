#!/usr/bin/env node
/**
 * Simulator benchmark, run on the BUILT package (`npx tsc -b packages/simulator/tsconfig.lib.json`).
 * Every ratio is measured within this run (the two sides interleaved, so other load on the machine
 * hits both alike); absolute times are best of several repetitions (at least 5, more for short runs).
 *   1. a full office day (daily template, examples/office-20.json, eta): engine wall time (arrivals
 *      generation timed apart) vs 0.1 s, and peak memory of a child process doing just that vs 200 MB;
 *   2. collective control: simulated passengers per second vs 300,000;
 *   3. ETA scaling: engine time per passenger at 60 floors × 16 cars vs 20 floors × 6 cars (built
 *      here: same population per floor, same daily traffic), vs 2×;
 *   4. ETA at 60 × 16 vs a bare binary-heap event loop popping and pushing as many events (the
 *      engine's car events and passenger arrivals, counted in a separate traced run), vs 20×;
 *   5. `hoistway-sim run` on office-10 for one hour, whole process, wall time (median) vs 0.35 s,
 *      beside `node -e ""` (the runtime's own start-up) measured alongside;
 *   6. a dispatcher comparison on the worker pool: tasks/s with 2 threads vs 1 thread, vs 1.7x;
 *   7. the learned dispatcher: an office day with `learned` (bench/learned-office-20.model.json, a
 *      model trained on office-20 lunch traffic) vs the same day with `eta`, interleaved, vs 3x.
 * Prints PASS/FAIL per target, writes bench-results/simulator.json at the repo root, exits 0.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildingSchema, runConfigSchema, trafficSchema } from '@hoistway/shared-types';
import {
  createSimulationPool,
  DAILY_PROFILE_DURATION,
  generateArrivals,
  simulate,
  upPeakCalc,
} from '../dist/index.js';

const TARGETS = {
  officeDaySeconds: 0.1,
  peakMemoryMB: 200,
  collectivePassengersPerSecond: 300_000,
  etaScalingRatio: 2,
  bareLoopRatio: 20,
  cliRunSeconds: 0.35,
  poolSpeedup: 1.7,
  learnedVsEtaRatio: 3,
};

/**
 * A learned model trained by `hoistway-sim train` on office-20 lunch traffic (exported with `model
 * export`): the simulation's cost depends on how well the model dispatches, not only on inference.
 */
function benchModel() {
  const file = readJson('./learned-office-20.model.json');
  return {
    id: '00000000-0000-4000-8000-000000000000',
    name: file.name,
    version: file.version,
    network: file.network,
  };
}
/** Timed repetitions: at least REPEATS, and more while they add up to under SAMPLE_SECONDS (short runs
 * get more tries at an undisturbed moment on a busy machine), at most MAX_REPEATS. */
const REPEATS = 5;
const SAMPLE_SECONDS = 1;
const MAX_REPEATS = 40;
const MIN_PASSENGERS = 8000;
/** Daily traffic of the scaling buildings, % of population per 5 minutes at the morning peak. */
// 5 %: below the analytic handling capacity of both buildings (60 × 16: 6.7 %), so the two
// per-passenger costs compare like with like (a saturated run plans ever longer queues).
const SCALING_INTENSITY = 5;
const CLI_REPEATS = 9;

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(here(path), 'utf8'));
const building = buildingSchema.parse(readJson('../examples/office-20.json'));
const dailyTraffic = trafficSchema.parse(readJson('../examples/traffic/daily.json'));
const dayConfig = (dispatcher, seed = 1) =>
  runConfigSchema.parse({ duration: DAILY_PROFILE_DURATION, seed, dispatcher: { name: dispatcher } });

/** Whether to time another repetition, after `runs` of them took `spent` s. */
const again = (runs, spent) => runs < REPEATS || (spent < SAMPLE_SECONDS && runs < MAX_REPEATS);

/** Best wall time of repeated calls (see REPEATS), s, how many, and the last result. */
function bestOf(fn) {
  let best = Infinity;
  let result;
  let runs = 0;
  for (let spent = 0; again(runs, spent); runs++) {
    const start = performance.now();
    result = fn();
    const seconds = (performance.now() - start) / 1000;
    best = Math.min(best, seconds);
    spent += seconds;
  }
  return { seconds: best, runs, result };
}

/** Best wall time of each function, s, their calls interleaved (see REPEATS), and how many rounds. */
function bestOfInterleaved(fns) {
  const best = fns.map(() => Infinity);
  let rounds = 0;
  for (let spent = 0; again(rounds, spent); rounds++)
    fns.forEach((fn, i) => {
      const start = performance.now();
      fn();
      const seconds = (performance.now() - start) / 1000;
      best[i] = Math.min(best[i], seconds);
      spent += seconds;
    });
  return { seconds: best, rounds };
}

/** Median of numbers. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * An office tower for the scaling comparison: an entrance floor and `floors − 1` office floors of 96
 * persons each, one group of `cars` identical cars (the office-20 example's door times and delays).
 */
function uniformOffice(floors, cars, car) {
  const template = building.groups[0].cars[0];
  return buildingSchema.parse({
    name: `${floors} floors × ${cars} cars`,
    loadingFactor: 0.8,
    floors: Array.from({ length: floors }, (_, i) => ({
      name: i === 0 ? 'G' : String(i),
      height: i === 0 ? 4.5 : 3.75,
      population: i === 0 ? 0 : 96,
      entrance: i === 0,
    })),
    groups: [
      {
        name: 'Main',
        servedFloors: Array.from({ length: floors }, (_, i) => i),
        cars: Array.from({ length: cars }, (_, i) => ({ ...template, ...car, id: `C${i + 1}` })),
      },
    ],
  });
}

/** An ETA run of a whole day, ready to time: building, arrivals, config, and its event count. */
function scalingCase(label, b) {
  const traffic = trafficSchema.parse({ kind: 'template', template: 'daily', intensity: SCALING_INTENSITY });
  const config = dayConfig('eta');
  const arrivals = generateArrivals(b, traffic, { seed: 1, duration: config.duration });
  // Events the loop handles: car phase ends (every traced car event; boarding and alighting are
  // not events of their own) and passenger arrivals.
  let carEvents = 0;
  simulate(b, arrivals, config, {
    onEvent: (e) => {
      if (e.type !== 'board' && e.type !== 'alight') carEvents++;
    },
  });
  return {
    label,
    building: b,
    arrivals,
    config,
    events: carEvents + arrivals.length,
    sources: b.groups.reduce((s, g) => s + g.cars.length, 0) + 1,
    hc5Percent: upPeakCalc(b)[0].hc5Percent,
    seconds: Infinity,
  };
}

/**
 * The bare event loop: a binary min-heap of event objects ({time, source, kind}), one pending per
 * source (the engine's cars plus the arrival stream), each pop scheduling that source's next event.
 */
function bareEventLoop(events, sources) {
  const heap = [];
  const less = (a, b) => a.time < b.time || (a.time === b.time && a.source < b.source);
  const push = (e) => {
    let i = heap.length;
    heap.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(e, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = e;
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && less(heap[child + 1], heap[child])) child++;
        if (!less(heap[child], last)) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  };
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  for (let s = 0; s < sources; s++) push({ time: random() * 10, source: s, kind: 0 });
  let check = 0;
  for (let i = 0; i < events; i++) {
    const e = pop();
    check += e.kind;
    push({ time: e.time + 0.5 + random() * 5, source: e.source, kind: (e.kind + 1) % 6 });
  }
  return check;
}

/** Wall time of one whole process, s. */
function processSeconds(args) {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return seconds;
}

function officeDay(dispatcher) {
  const config = dayConfig(dispatcher);
  const generation = bestOf(() =>
    generateArrivals(building, dailyTraffic, { seed: 1, duration: config.duration }),
  );
  const arrivals = generation.result;
  const engine = bestOf(() => simulate(building, arrivals, config));
  return {
    arrivalsSeconds: generation.seconds,
    engineSeconds: engine.seconds,
    runs: engine.runs,
    passengers: arrivals.length,
    results: engine.result.results,
  };
}

/** Child mode: one office day, nothing else, then report this process's peak resident memory. */
function childOfficeDay() {
  const config = dayConfig('eta');
  const arrivals = generateArrivals(building, dailyTraffic, { seed: 1, duration: config.duration });
  simulate(building, arrivals, config);
  // resourceUsage().maxRSS is in kilobytes.
  process.stdout.write(
    JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024, passengers: arrivals.length }),
  );
}

/** Child mode: `count` office days one after another (the same mix as the pool batch). */
function childBatch(count) {
  const dispatchers = ['eta', 'nearest', 'collective'];
  for (let i = 0; i < count; i++) {
    const config = dayConfig(dispatchers[i % 3], i + 1);
    simulate(
      building,
      generateArrivals(building, dailyTraffic, { seed: i + 1, duration: config.duration }),
      config,
    );
  }
}

/**
 * What this machine gives two independent processes doing the same work: wall time of one process
 * alone vs two at once. Parallel speedup of ANY two-way split is capped by this ratio (shared caches,
 * memory bandwidth, vCPUs that are siblings on the host), so the pool is also judged against it.
 */
async function twoProcessCeiling(count) {
  const run = () =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [fileURLToPath(import.meta.url), '--child-batch', String(count)],
        {
          stdio: 'ignore',
        },
      );
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`batch child exited ${code}`))));
    });
  let alone = Infinity;
  let together = Infinity;
  for (let round = 0; round < 2; round++) {
    let start = performance.now();
    await run();
    alone = Math.min(alone, performance.now() - start);
    start = performance.now();
    await Promise.all([run(), run()]);
    together = Math.min(together, performance.now() - start);
  }
  return (2 * alone) / together;
}

function peakMemoryOfOfficeDay() {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child-office-day'], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`);
  return JSON.parse(child.stdout).maxRssMB;
}

/** Tasks/s of one batch on a pool of `threads` workers, after one warm-up task per thread (JIT, module load). */
async function poolThroughput(threads, tasks) {
  const pool = createSimulationPool(threads);
  try {
    // Warm-up: several tasks per thread OF EACH DISPATCHER, so that every worker has loaded and
    // JIT-compiled every code path before timing (otherwise a lone worker gets its optimising compiles
    // done on the idle second core while two workers must share it, which skews the ratio).
    const dispatchers = [...new Set(tasks.map((t) => t.config.dispatcher.name))];
    const warmUp = dispatchers.flatMap((name) =>
      tasks.filter((t) => t.config.dispatcher.name === name).slice(0, 3 * threads),
    );
    await Promise.all(warmUp.map((t) => pool.run(t)));
    const start = performance.now();
    await Promise.all(tasks.map((t) => pool.run(t)));
    return tasks.length / ((performance.now() - start) / 1000);
  } finally {
    await pool.destroy();
  }
}

const verdict = (pass) => (pass ? 'PASS' : 'FAIL');

async function main() {
  const load = loadavg()[0];
  console.log(
    `node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), ${availableParallelism()} available, ` +
      `load average ${load.toFixed(2)}${load > 0.5 ? ' (other work is running: timings are pessimistic)' : ''}`,
  );

  const day = officeDay('eta');
  const dayRatio = day.engineSeconds / TARGETS.officeDaySeconds;
  const dayPass = day.engineSeconds <= TARGETS.officeDaySeconds && day.passengers >= MIN_PASSENGERS;
  console.log(
    `\n[1] office day (office-20, daily, eta): engine ${day.engineSeconds.toFixed(3)} s (best of ${day.runs}), ` +
      `arrivals ${day.arrivalsSeconds.toFixed(3)} s, ${day.passengers} passengers (need >= ${MIN_PASSENGERS}), ` +
      `AWT ${day.results.kpis.awt.toFixed(1)} s`,
  );
  console.log(
    `    target ${TARGETS.officeDaySeconds} s: ratio ${dayRatio.toFixed(2)} of target -> ${verdict(dayPass)}`,
  );

  const peakMB = peakMemoryOfOfficeDay();
  const memoryPass = peakMB <= TARGETS.peakMemoryMB;
  console.log(
    `    peak memory (maxRSS of a child running one day) ${peakMB.toFixed(0)} MB, target ${TARGETS.peakMemoryMB} MB -> ${verdict(memoryPass)}`,
  );

  const collective = officeDay('collective');
  const passengersPerSecond = collective.passengers / collective.engineSeconds;
  const collectivePass = passengersPerSecond >= TARGETS.collectivePassengersPerSecond;
  console.log(
    `\n[2] collective control (office-20, daily): ${collective.passengers} passengers in ${collective.engineSeconds.toFixed(3)} s ` +
      `(best of ${collective.runs}) ` +
      `= ${Math.round(passengersPerSecond).toLocaleString('en')} passengers/s, target ${TARGETS.collectivePassengersPerSecond.toLocaleString('en')} -> ${verdict(collectivePass)}`,
  );

  // ETA scaling: the two buildings' runs interleaved.
  const small = scalingCase('20 × 6', uniformOffice(20, 6, {}));
  const large = scalingCase('60 × 16', uniformOffice(60, 16, { capacity: 33, speed: 8, acceleration: 1.5 }));
  const scaling = bestOfInterleaved(
    [small, large].map((c) => () => simulate(c.building, c.arrivals, c.config)),
  );
  [small.seconds, large.seconds] = scaling.seconds;
  const perPassenger = (c) => (c.seconds / c.arrivals.length) * 1e6;
  const scalingRatio = perPassenger(large) / perPassenger(small);
  const scalingPass = scalingRatio <= TARGETS.etaScalingRatio;
  console.log(
    `\n[3] ETA scaling (daily at ${SCALING_INTENSITY}%, 96 persons per floor; best of ${scaling.rounds}, interleaved):`,
  );
  for (const c of [small, large])
    console.log(
      `    ${c.label}: ${c.arrivals.length} passengers in ${c.seconds.toFixed(3)} s = ${perPassenger(c).toFixed(1)} µs/passenger ` +
        `(analytic up-peak HC5 ${c.hc5Percent.toFixed(1)}%)`,
    );
  console.log(
    `    60 × 16 costs ${scalingRatio.toFixed(2)}x per passenger, target <= ${TARGETS.etaScalingRatio}x -> ${verdict(scalingPass)}`,
  );

  // The same ETA run against the bare event loop, interleaved.
  const versus = bestOfInterleaved([
    () => bareEventLoop(large.events, large.sources),
    () => simulate(large.building, large.arrivals, large.config),
  ]);
  const [bareSeconds, largeSeconds] = versus.seconds;
  const bareRatio = largeSeconds / bareSeconds;
  const barePass = bareRatio <= TARGETS.bareLoopRatio;
  console.log(
    `\n[4] ETA at 60 × 16 vs a bare binary-heap event loop, ${large.events.toLocaleString('en')} events each ` +
      `(${large.sources} sources; best of ${versus.rounds}, interleaved): engine ${largeSeconds.toFixed(3)} s, bare loop ${bareSeconds.toFixed(4)} s ` +
      `= ${bareRatio.toFixed(1)}x, target <= ${TARGETS.bareLoopRatio}x -> ${verdict(barePass)}`,
  );

  // CLI start-up: whole processes, interleaved with the runtime's own start-up, medians.
  const bin = here('../bin/hoistway-sim.js');
  const cliArgs = [bin, 'run', '-b', here('../examples/office-10.json'), '--duration', '3600'];
  const cliTimes = [];
  const nodeTimes = [];
  for (let round = 0; round < CLI_REPEATS; round++) {
    nodeTimes.push(processSeconds(['-e', '']));
    cliTimes.push(processSeconds(cliArgs));
  }
  const cliSeconds = median(cliTimes);
  const nodeSeconds = median(nodeTimes);
  const cliPass = cliSeconds <= TARGETS.cliRunSeconds;
  console.log(
    `\n[5] hoistway-sim run -b examples/office-10.json --duration 3600, whole process (median of ${CLI_REPEATS}): ` +
      `${cliSeconds.toFixed(3)} s, target ${TARGETS.cliRunSeconds} s -> ${verdict(cliPass)}`,
  );
  console.log(
    `    baseline, same run: node -e "" ${nodeSeconds.toFixed(3)} s (the runtime's own start-up); ` +
      `the CLI adds ${(cliSeconds - nodeSeconds).toFixed(3)} s`,
  );

  // A compare-like batch: 3 dispatchers x 12 seeds, one office day each (long enough to time reliably).
  const seeds = Array.from({ length: 12 }, (_, i) => i + 1);
  const tasks = ['eta', 'nearest', 'collective'].flatMap((d) =>
    seeds.map((seed) => ({ building, traffic: dailyTraffic, config: dayConfig(d, seed) })),
  );
  // Interleaved and best of 2 each: on a shared machine, other load hits both sizes alike.
  let oneThread = 0;
  let twoThreads = 0;
  for (let round = 0; round < 2; round++) {
    oneThread = Math.max(oneThread, await poolThroughput(1, tasks));
    twoThreads = Math.max(twoThreads, await poolThroughput(2, tasks));
  }
  const speedup = twoThreads / oneThread;
  const poolPass = speedup >= TARGETS.poolSpeedup;
  console.log(
    `\n[6] compare on the worker pool (${tasks.length} office-day tasks): 1 thread ${oneThread.toFixed(2)} tasks/s, ` +
      `2 threads ${twoThreads.toFixed(2)} tasks/s, speedup ${speedup.toFixed(2)}x, target ${TARGETS.poolSpeedup}x -> ${verdict(poolPass)}`,
  );
  const ceiling = await twoProcessCeiling(tasks.length / 2);
  console.log(
    `    baseline, same run: two independent processes doing the same work get ${ceiling.toFixed(2)}x of one ` +
      `on this machine (the hardware ceiling for any 2-way split); the pool reaches ${((speedup / ceiling) * 100).toFixed(0)}% of it`,
  );
  if (availableParallelism() < 2)
    console.log('    note: fewer than 2 cores available, a speedup is impossible here');

  // Learned vs eta on the same office day, interleaved.
  const arrivalsDay = generateArrivals(building, dailyTraffic, { seed: 1, duration: DAILY_PROFILE_DURATION });
  const learnedConfig = runConfigSchema.parse({
    duration: DAILY_PROFILE_DURATION,
    seed: 1,
    dispatcher: { name: 'learned', model: 'bench', resolved: benchModel() },
  });
  const learnedVsEta = bestOfInterleaved([
    () => simulate(building, arrivalsDay, dayConfig('eta')),
    () => simulate(building, arrivalsDay, learnedConfig),
  ]);
  const [etaDaySeconds, learnedDaySeconds] = learnedVsEta.seconds;
  const learnedRatio = learnedDaySeconds / etaDaySeconds;
  const learnedPass = learnedRatio <= TARGETS.learnedVsEtaRatio;
  console.log(
    `\n[7] learned vs eta (office-20, daily, best of ${learnedVsEta.rounds}, interleaved): eta ${etaDaySeconds.toFixed(3)} s, ` +
      `learned ${learnedDaySeconds.toFixed(3)} s = ${learnedRatio.toFixed(2)}x, target <= ${TARGETS.learnedVsEtaRatio}x -> ${verdict(learnedPass)}`,
  );

  const figures = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    loadAverageAtStart: load,
    officeDay: {
      building: 'examples/office-20.json',
      traffic: 'daily',
      dispatcher: 'eta',
      engineSeconds: day.engineSeconds,
      runs: day.runs,
      arrivalsSeconds: day.arrivalsSeconds,
      passengers: day.passengers,
      targetSeconds: TARGETS.officeDaySeconds,
      ratioToTarget: dayRatio,
      pass: dayPass,
      peakMemoryMB: peakMB,
      targetMemoryMB: TARGETS.peakMemoryMB,
      memoryPass,
    },
    collective: {
      passengers: collective.passengers,
      engineSeconds: collective.engineSeconds,
      runs: collective.runs,
      passengersPerSecond,
      target: TARGETS.collectivePassengersPerSecond,
      pass: collectivePass,
    },
    etaScaling: {
      traffic: `daily at ${SCALING_INTENSITY}%`,
      rounds: scaling.rounds,
      cases: [small, large].map((c) => ({
        building: c.label,
        passengers: c.arrivals.length,
        engineSeconds: c.seconds,
        microsecondsPerPassenger: perPassenger(c),
        hc5Percent: c.hc5Percent,
      })),
      ratio: scalingRatio,
      target: TARGETS.etaScalingRatio,
      pass: scalingPass,
    },
    learnedVsEta: {
      building: 'examples/office-20.json',
      traffic: 'daily',
      rounds: learnedVsEta.rounds,
      etaSeconds: etaDaySeconds,
      learnedSeconds: learnedDaySeconds,
      ratio: learnedRatio,
      target: TARGETS.learnedVsEtaRatio,
      pass: learnedPass,
    },
    bareEventLoop: {
      events: large.events,
      sources: large.sources,
      rounds: versus.rounds,
      engineSeconds: largeSeconds,
      bareLoopSeconds: bareSeconds,
      ratio: bareRatio,
      target: TARGETS.bareLoopRatio,
      pass: barePass,
    },
    cliRun: {
      command: 'hoistway-sim run -b examples/office-10.json --duration 3600',
      medianSeconds: cliSeconds,
      nodeStartupMedianSeconds: nodeSeconds,
      runs: CLI_REPEATS,
      target: TARGETS.cliRunSeconds,
      pass: cliPass,
    },
    pool: {
      tasks: tasks.length,
      oneThreadTasksPerSecond: oneThread,
      twoThreadTasksPerSecond: twoThreads,
      speedup,
      twoProcessCeiling: ceiling,
      target: TARGETS.poolSpeedup,
      pass: poolPass,
    },
  };
  const out = here('../../../bench-results/simulator.json');
  mkdirSync(here('../../../bench-results/'), { recursive: true });
  writeFileSync(out, JSON.stringify(figures, null, 2) + '\n');
  console.log(`\nFigures written to ${out}`);
}

if (process.argv.includes('--child-office-day')) childOfficeDay();
else if (process.argv.includes('--child-batch'))
  childBatch(Number(process.argv[process.argv.indexOf('--child-batch') + 1]));
else await main();
