/**
 * Training jobs: one pg-boss job per model trained from the web app (or API). The job names the model
 * row (status `training`); whoever consumes it — the backend's own executor or a `hoistway-sim worker` —
 * trains off its event loop, writes each epoch to the row as it ends and the weights at the end.
 */
import { runTaskJobId } from './queue.js';

export { TRAIN_DEAD_QUEUE, TRAIN_QUEUE, TRAIN_RETRY_LIMIT } from './queue.js';

export interface TrainJobData {
  modelId: string;
  datasetId: string;
  epochs: number;
  seed: number;
  /** Rows read at most (the server's limit at the time of the request). */
  maxRows: number;
}

/** The job id of a model's training job (derived, so a cancel can name it without storing it). */
export const trainJobId = (modelId: string): string => runTaskJobId(`train:${modelId}`, 0);
