// The pure engine entry (`@hoistway/simulator`): simulation, dispatchers, traffic, analytic
// calculator, statistics and comparison maths. No I/O: nothing here touches files, threads, the
// network or a database. Node-only parts (worker pool, training data in PostgreSQL, migrations,
// CSV exports) are in `@hoistway/simulator/node`; the web app bundles `@hoistway/simulator/browser`.
export * from './traffic/index.js';
// Statistics and comparison summaries (CLI `compare`, the backend's runs).
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
// Engine area: jerk-limited motion.
export * from './motion.js';
export * from './calculator.js';
// Groups that can receive no traffic (warnings in the CLI and the building editor).
export * from './group-traffic.js';
// Engine area: the discrete-event simulation and dispatchers.
export * from './engine/index.js';
