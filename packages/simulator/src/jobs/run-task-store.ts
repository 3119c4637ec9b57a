/** The SQL a task consumer runs on the runs and run_tasks tables (the same on every consumer). */
import type { Building, RunRequest, Traffic } from '@hoistway/shared-types';
import type { SimulationTaskResult } from '../worker/task.js';
import type { RunTaskJobData, SqlQuery } from './run-task-job.js';
import { runTaskList, type RunTaskSpec } from './run-tasks.js';
import { decodeTaskJson, encodeTaskJson } from './task-codec.js';

export type TaskStart = 'run' | 'stored' | 'inactive';

export class RunTaskStore {
  constructor(private readonly query: SqlQuery) {}

  /** Marks a queued run running; says whether the task still has to run. */
  async begin(runId: string, taskIndex: number): Promise<TaskStart> {
    await this.query(
      `update runs set status = 'running', started_at = now(), updated_at = now()
       where id = $1 and status = 'queued'`,
      [runId],
    );
    const [row] = await this.query(
      `select r.status,
              exists (select 1 from run_tasks t where t.run_id = r.id and t.task_index = $2) as stored
       from runs r where r.id = $1`,
      [runId, taskIndex],
    );
    if (!row || row['status'] !== 'running') return 'inactive';
    return row['stored'] ? 'stored' : 'run';
  }

  /** A run's task list, from its stored request and building version; undefined for an unknown run. */
  async tasks(runId: string): Promise<RunTaskSpec[] | undefined> {
    const [row] = await this.query(
      `select r.config, v.definition from runs r
       join building_versions v on v.building_id = r.building_id and v.version = r.building_version
       where r.id = $1`,
      [runId],
    );
    if (!row) return undefined;
    const request = decodeTaskJson<RunRequest & { traffic: Traffic }>(row['config']);
    return runTaskList({
      building: decodeTaskJson<Building>(row['definition']),
      traffic: request.traffic,
      request,
    });
  }

  /**
   * Stores a finished task while its run is running (a cancelled run's late results are dropped) and
   * counts it in the run's progress; undefined when the run is no longer running.
   */
  async save(
    job: RunTaskJobData,
    result: SimulationTaskResult,
    worker: string,
  ): Promise<{ done: number; total: number } | undefined> {
    // One statement: the task row and the run's counter. The counter goes up by the rows this
    // statement inserted, under the run row's lock, so tasks finishing together each count (a
    // recount of run_tasks in a second statement could miss a row another task had not yet
    // committed, leaving the run one short of done and never finalized).
    const [row] = await this.query(
      `with inserted as (
         insert into run_tasks (run_id, task_index, label, seed, results, waits, worker)
         select $1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, $7
         where exists (select 1 from runs where id = $1 and status = 'running')
         on conflict do nothing
         returning 1
       )
       update runs set progress_done = progress_done + (select count(*) from inserted), updated_at = now()
       where id = $1 and status = 'running'
       returning progress_done as done, progress_total as total`,
      [
        job.runId,
        job.taskIndex,
        job.label,
        job.seed,
        encodeTaskJson(result.results),
        encodeTaskJson(result.waits),
        worker,
      ],
    );
    return row ? { done: Number(row['done']), total: Number(row['total']) } : undefined;
  }

  /** A task failed: the run fails with its message (other tasks' late results are then dropped). */
  async fail(runId: string, message: string): Promise<void> {
    await this.query(
      `update runs set status = 'failed', error = $2, results = null, finished_at = now(), updated_at = now()
       where id = $1 and status in ('queued', 'running')`,
      [runId, message.slice(0, 2000)],
    );
  }

  /** Of these runs, the ones no longer running (cancelled, failed, deleted). */
  async inactive(runIds: string[]): Promise<Set<string>> {
    if (runIds.length === 0) return new Set();
    const rows = await this.query(
      `select id::text as id from unnest(string_to_array($1, ',')::uuid[]) as ids(id)
       where not exists (select 1 from runs r where r.id = ids.id and r.status = 'running')`,
      [runIds.join(',')],
    );
    return new Set(rows.map((r) => String(r['id'])));
  }
}
