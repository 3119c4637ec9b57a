import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the BUILT worker module (piscina needs JavaScript). Resolved relative to this file,
 * which sits two levels below the package root both as src/worker/*.ts and as dist/worker/*.js.
 */
export const RUN_TASK_WORKER_PATH: string = fileURLToPath(
  new URL('../../dist/worker/run-task.js', import.meta.url),
);
