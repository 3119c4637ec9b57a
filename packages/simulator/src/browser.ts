// Browser-safe entry (`@hoistway/simulator/browser`): only the pure modules — analytic calculator, group checks, motion
// and traffic profiles — so the web app's bundle never pulls in workers, the database or the CLI.
export * from './motion.js';
export * from './calculator.js';
export * from './group-traffic.js';
export * from './traffic/index.js';
