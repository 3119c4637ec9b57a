/**
 * The worker-thread side of a training job: trains on the rows it is sent and posts each epoch, then
 * the network. Runs in its own thread so TensorFlow.js never holds the event loop of the process that
 * consumes the job (HTTP, heartbeats, other jobs).
 */
import { parentPort } from 'node:worker_threads';
import { trainNetwork } from '../training/train-network.js';
import type { TrainingThreadMessage, TrainingThreadRequest } from './training-executor.js';

const port = parentPort;
if (!port) throw new Error('training-thread must run as a worker thread');
port.once('message', (request: TrainingThreadRequest) => {
  const post = (message: TrainingThreadMessage) => port.postMessage(message);
  trainNetwork(request.rows, request.objective, {
    ...request.options,
    onEpoch: (epoch) => post({ kind: 'epoch', epoch }),
  }).then(
    (trained) => post({ kind: 'done', trained }),
    (error: unknown) =>
      post({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
