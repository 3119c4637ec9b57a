/**
 * `hoistway-sim worker`: consumes comparison-run tasks from the job queue in DATABASE_URL's PostgreSQL
 * and runs them on a local thread pool; each result is stored as it finishes. Start as many as there
 * are machines (or `docker compose up -d --scale worker=N`). SIGTERM/SIGINT gives the tasks in hand
 * back to the queue (another worker retries them at once); a killed worker's tasks are retried once
 * their heartbeat lapses.
 */
import type { Command } from 'commander';
import { requireDatabaseUrl, withDatabase } from '../database.js';
import { parsePositiveInt } from '../options.js';
import { defaultThreadCount } from '../../worker/threads.js';

interface WorkerCommandOptions {
  databaseUrl?: string;
  threads: number;
  name?: string;
  /** commander's --no-training. */
  training: boolean;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .summary('run comparison tasks from the job queue until stopped')
    .description(
      "Consume the backend's comparison-run tasks (one per dispatcher and seed) from the pg-boss queue in " +
        'PostgreSQL, simulate them on local worker threads and store each result as it finishes; also model ' +
        'training jobs (one at a time, in a thread of its own, each epoch stored as it ends) and the episodes ' +
        'of datasets generated from the web app. Runs until ' +
        'SIGTERM or SIGINT, then hands the tasks in progress back to the queue. Logs one line per task on stderr.',
    )
    .option('--database-url <url>', 'PostgreSQL connection URL (default: $DATABASE_URL)')
    .option(
      '--threads <n>',
      `simulation threads, and tasks held at once (default: available cores, here ${defaultThreadCount()})`,
      parsePositiveInt,
      defaultThreadCount(),
    )
    .option('--name <name>', 'worker name recorded with each stored task (default: host:pid)')
    .option(
      '--no-training',
      'leave training jobs to other workers (by default one trains at a time, in its own thread)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ DATABASE_URL=postgres://hoistway@db/hoistway hoistway-sim worker
  $ hoistway-sim worker --database-url postgres://localhost/hoistway --threads 3`,
    )
    .action((options: WorkerCommandOptions) => workerCommand(options));
}

const log = (line: string) => process.stderr.write(`[worker] ${line}\n`);

async function workerCommand(options: WorkerCommandOptions): Promise<void> {
  const url = requireDatabaseUrl(options.databaseUrl);
  // Applies the migrations (run_tasks) like every database command, then keeps the client for the store.
  await withDatabase(url, async (sql) => {
    const [
      {
        openJobQueue,
        startRunTaskConsumer,
        startTrainingConsumer,
        startEpisodeConsumer,
        createThreadTrainingExecutor,
        createEpisodePoolExecutor,
        RUN_TASK_QUEUE,
      },
      { createSimulationPool },
    ] = await Promise.all([import('../../jobs/index.js'), import('../../worker/pool.js')]);
    const boss = await openJobQueue({ connectionString: url }, undefined, (error) =>
      log(`queue error: ${error.message}`),
    );
    const pool = createSimulationPool(options.threads);
    const stopped = new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    const consumer = await startRunTaskConsumer({
      boss,
      query: (text, params) => sql.unsafe(text, params as never[]),
      execute: (task, signal) => pool.run(task, { signal }),
      concurrency: options.threads,
      ...(options.name ? { worker: options.name } : {}),
      onEvent: (e) => {
        const task = `run ${e.runId} task ${e.taskIndex}`;
        if (e.kind === 'started') log(`${task} started (${e.label}, seed ${e.seed})`);
        else if (e.kind === 'stored') log(`${task} stored: ${e.done}/${e.total}`);
        else if (e.kind === 'failed') log(`${task} failed: ${e.error}`);
        else if (e.kind === 'discarded') log(`${task} dropped: the run is no longer running`);
        else if (e.kind === 'released') log(`${task} handed back to the queue`);
      },
    });
    const trainer = options.training
      ? await startTrainingConsumer({
          boss,
          query: (text, params) => sql.unsafe(text, params as never[]),
          executor: createThreadTrainingExecutor(),
          onEvent: (e) => {
            const model = `model ${e.modelId}`;
            if (e.kind === 'started') log(`${model} training on ${e.rows} rows`);
            else if (e.kind === 'epoch') log(`${model} epoch ${e.epoch}/${e.of}`);
            else if (e.kind === 'ready') log(`${model} ready`);
            else if (e.kind === 'failed') log(`${model} training failed: ${e.error}`);
            else if (e.kind === 'cancelled') log(`${model} training cancelled`);
            else if (e.kind === 'released') log(`${model} training handed back to the queue`);
          },
        })
      : undefined;
    // Dataset episodes of the web app's "Generate", one at a time on a thread of their own.
    const episodePool = createEpisodePoolExecutor(1);
    const episodes = await startEpisodeConsumer({
      boss,
      query: (text, params) => sql.unsafe(text, params as never[]),
      executor: episodePool,
      onEvent: (e) => {
        const episode = `dataset ${e.datasetId} episode ${e.episode}`;
        if (e.kind === 'stored') log(`${episode} stored: ${e.rows} rows`);
        else if (e.kind === 'failed') log(`${episode} failed: ${e.error}`);
      },
    });
    log(
      `${consumer.worker} consuming ${RUN_TASK_QUEUE} with ${options.threads} thread(s), dataset episodes` +
        (trainer ? ' and training jobs' : ''),
    );
    const signal = await stopped;
    const held = consumer.inFlight + episodes.inFlight + (trainer?.inFlight ?? 0);
    log(`${signal}: handing back ${held} task(s) in progress`);
    await Promise.all([consumer.release(), episodes.release(), trainer?.release()]);
    await episodePool.close();
    await boss.stop({ graceful: true, close: true, timeout: 10_000 });
    await pool.destroy();
    log('stopped');
  });
}
