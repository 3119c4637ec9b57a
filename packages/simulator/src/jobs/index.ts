export * from './queue.js';
export * from './run-task-job.js';
export * from './run-task-consumer.js';
export { RunTaskStore, type TaskStart } from './run-task-store.js';
export { decodeTaskJson, encodeTaskJson } from './task-codec.js';
export { dispatcherLabels, runTaskList, type RunTaskSpec } from './run-tasks.js';
