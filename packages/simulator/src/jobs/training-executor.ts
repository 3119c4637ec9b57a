/**
 * Where a training job's network is fitted: a worker thread per job (built JavaScript, like the
 * simulation pool), so the consuming process's event loop stays free. Epochs arrive as the thread
 * posts them; aborting terminates the thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LearnedObjective, TrainingEpoch } from '@hoistway/shared-types';
import type { TrainedNetwork, TrainingRows, TrainOptions } from '../training/train-network.js';
import { workerExecArgv } from '../worker/pool.js';

/** Absolute path of the BUILT thread module (src/jobs/*.ts and dist/jobs/*.js sit at the same depth). */
export const TRAINING_THREAD_PATH: string = fileURLToPath(
  new URL('../../dist/jobs/training-thread.js', import.meta.url),
);

export interface TrainingThreadRequest {
  rows: TrainingRows;
  objective: LearnedObjective;
  options: Omit<TrainOptions, 'onEpoch'>;
}

export type TrainingThreadMessage =
  | { kind: 'epoch'; epoch: TrainingEpoch }
  | { kind: 'done'; trained: TrainedNetwork }
  | { kind: 'error'; message: string };

export interface TrainingExecutor {
  train(
    request: TrainingThreadRequest,
    onEpoch: (epoch: TrainingEpoch) => void,
    signal: AbortSignal,
  ): Promise<TrainedNetwork>;
}

export function createThreadTrainingExecutor(): TrainingExecutor {
  return {
    train(request, onEpoch, signal) {
      if (!existsSync(TRAINING_THREAD_PATH))
        throw new Error(
          `training thread not built: ${TRAINING_THREAD_PATH} is missing (run: npx tsc -b packages/simulator/tsconfig.lib.json)`,
        );
      return new Promise<TrainedNetwork>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason as Error);
        const worker = new Worker(TRAINING_THREAD_PATH, { execArgv: workerExecArgv() });
        let settled = false;
        const settle = (fn: () => void) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          fn();
          void worker.terminate();
        };
        const onAbort = () => settle(() => reject(signal.reason as Error));
        signal.addEventListener('abort', onAbort);
        worker.on('message', (message: TrainingThreadMessage) => {
          if (message.kind === 'epoch') onEpoch(message.epoch);
          else if (message.kind === 'done') settle(() => resolve(message.trained));
          else settle(() => reject(new Error(message.message)));
        });
        worker.on('error', (error) => settle(() => reject(error)));
        worker.on('exit', (code) => settle(() => reject(new Error(`training thread exited (code ${code})`))));
        // The rows' buffers move to the thread rather than being copied.
        const { rows } = request;
        worker.postMessage(request, [
          rows.features.buffer,
          rows.chosen.buffer,
          rows.cost.buffer,
          rows.episode.buffer,
        ] as ArrayBuffer[]);
      });
    },
  };
}
