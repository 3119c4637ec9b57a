export * from './validation.js';
export * from './traffic.js';
export * from './building.js';
export * from './dispatcher.js';
export * from './run-config.js';
export * from './results.js';
export * from './snapshot.js';
