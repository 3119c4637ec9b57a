// The Node entry (`@hoistway/simulator/node`): what needs threads, files or PostgreSQL. The pure engine
// is `@hoistway/simulator`.
// The simulation worker pool (CLI `compare`, the backend's comparison runs).
export { RUN_TASK_WORKER_PATH } from './worker/worker-path.js';
export type { SimulationTask, SimulationTaskResult } from './worker/task.js';
export {
  createSimulationPool,
  defaultThreadCount,
  runSimulationTasks,
  workerExecArgv,
  type PoolOptions,
} from './worker/pool.js';
// Training area: `generate` (exploration episodes → PostgreSQL training rows).
export * from './training/index.js';
// CSV: the per-passenger export (CLI `run --passengers`, backend live-session download).
export {
  passengerCsvChunks,
  passengerCsvHeaders,
  passengersToCsv,
  toCsv,
  type CsvValue,
  type PassengerCsvOptions,
} from './passenger-csv.js';
// Jobs: the pg-boss queue of comparison tasks and its consumer (backend pool, `hoistway-sim worker`).
export * from './jobs/index.js';
// How the CLI names a traffic in reports (evaluations stored by the backend use the same words).
export { describeTraffic } from './cli/format/results.js';
