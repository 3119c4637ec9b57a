// Public API of the simulator library. Each area appends its own exports below.
export {};
export * from './traffic/index.js';
// CLI/worker area: statistics, comparison summaries and the simulation worker pool (shared with the backend).
export { mean, stddev, ci95, type ConfidenceInterval, type ValueRange } from './stats.js';
export {
  aggregateComparison,
  aggregateGroupIntervals,
  averageSeries,
  comparisonDistributions,
  MAX_WAIT_BINS,
  poolWaits,
  saturationCounts,
  waitBinWidth,
  type ComparedRun,
  type GroupIntervalSummary,
  type SaturationCount,
  type ComparisonSummary,
  type ComparedKpi,
  type KpiStat,
} from './comparison.js';
export { RUN_TASK_WORKER_PATH } from './worker/worker-path.js';
export type { SimulationTask, SimulationTaskResult } from './worker/task.js';
export {
  createSimulationPool,
  defaultThreadCount,
  runSimulationTasks,
  type PoolOptions,
} from './worker/pool.js';
// Engine area: jerk-limited motion.
export * from './motion.js';
export * from './calculator.js';
// Groups that can receive no traffic (warnings in the CLI and the building editor).
export * from './group-traffic.js';
// Engine area: the discrete-event simulation and dispatchers.
export * from './engine/index.js';
// Training area: `generate` (exploration episodes → PostgreSQL training rows).
export * from './training/index.js';
// Database: the migrations of every PostgreSQL user, under one advisory lock (backend and generate).
export { migrateWithLock } from './db/migrate-with-lock.js';
// CSV: the per-passenger export (CLI `run --passengers`, backend live-session download).
export {
  passengerCsvChunks,
  passengerCsvHeaders,
  passengersToCsv,
  toCsv,
  type CsvValue,
  type PassengerCsvOptions,
} from './passenger-csv.js';
