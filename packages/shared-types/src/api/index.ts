export * from './common.js';
export * from './cursor.js';
export * from './buildings.js';
export * from './sessions.js';
export * from './runs.js';
export * from './datasets.js';
export * from './models.js';
export * from './scripts.js';
