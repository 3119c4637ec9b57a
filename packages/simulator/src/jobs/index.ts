export * from './queue.js';
export * from './run-task-job.js';
export * from './run-task-consumer.js';
export { RunTaskStore, type TaskStart } from './run-task-store.js';
export { decodeTaskJson, encodeTaskJson } from './task-codec.js';
export { dispatcherLabels, runTaskList, type RunTaskSpec } from './run-tasks.js';
export * from './training-job.js';
export { startTrainingConsumer, type TrainingConsumer, type TrainingEvent } from './training-consumer.js';
export {
  createThreadTrainingExecutor,
  TRAINING_THREAD_PATH,
  type TrainingExecutor,
  type TrainingThreadRequest,
} from './training-executor.js';
export { TrainingStore, emptyMetrics } from './training-store.js';
export {
  DATASET_JOBS_MARK,
  DatasetEpisodeStore,
  EPISODE_WORKER_PATH,
  createEpisodePoolExecutor,
  datasetEpisodeJobId,
  queueMissingEpisodes,
  startEpisodeConsumer,
  type DatasetEpisodeJobData,
  type EpisodeConsumer,
  type EpisodeEvent,
  type EpisodeExecutor,
} from './dataset-episodes.js';
