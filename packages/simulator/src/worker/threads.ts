import { availableParallelism } from 'node:os';

/**
 * Default worker thread count: the available cores. Apart from pool.ts so that the CLI can show it
 * in its help without loading the pool.
 */
export function defaultThreadCount(): number {
  return Math.max(1, availableParallelism());
}
