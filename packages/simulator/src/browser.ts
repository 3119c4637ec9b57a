// Browser-safe entry (`@hoistway/simulator/browser`): only the pure modules — analytic calculator, group checks, motion
// and traffic profiles — so the web app's bundle never pulls in workers, the database or the CLI.
export * from './motion.js';
export * from './calculator.js';
export * from './group-traffic.js';
export * from './traffic/index.js';
// Dispatcher playground (runs user dispatchers in a Web Worker): the simulation, the built-in
// dispatchers, the waits the KPIs count and the comparison statistics (means, 95% CIs, distributions).
export { Simulation } from './engine/simulation.js';
export { createDispatcher } from './engine/dispatchers/index.js';
export { measuredWait } from './engine/kpis.js';
export type {
  CallDirection,
  CandidateCar,
  CarView,
  DecisionContext,
  Dispatcher,
  GroupInfo,
  InsertionEstimate,
} from './engine/types.js';
export { mean, stddev, ci95, type ConfidenceInterval, type ValueRange } from './stats.js';
export {
  aggregateComparison,
  aggregateGroupIntervals,
  comparisonDistributions,
  saturationCounts,
  type ComparedRun,
  type ComparisonSummary,
  type KpiStat,
} from './comparison.js';
