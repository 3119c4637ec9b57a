/**
 * Starting a comparison run: validated inputs, the work budget, the per-account queue cap, learned
 * models resolved, the run stored and its tasks queued. Shared by POST /api/runs and model evaluations
 * (an evaluation is a comparison of the model against the five heuristics).
 */
import { runBudgetIssues, type RunDetail, type RunRequest, type WorkLimits } from '@hoistway/shared-types';
import type { FastifyRequest } from 'fastify';
import { ownerFor } from '../auth/auth-plugin.js';
import type { OwnershipGuard } from '../auth/ownership-guard.js';
import { badRequest, HttpError } from '../http/errors.js';
import type { BuildingRepository } from '../repositories/buildings.js';
import type { ModelRepository } from '../repositories/models.js';
import type { RunRepository } from '../repositories/runs.js';
import type { RunManager } from '../runs/run-manager.js';
import { resolveDispatcher, UnknownModelIssue } from './learned-models.js';
import { resolveSimulationInputs } from './simulation-inputs.js';
import { assertWithinBudget } from './work-budget.js';

export interface ComparisonRunDeps {
  runs: RunRepository;
  buildings: BuildingRepository;
  runManager: RunManager;
  models: ModelRepository;
  limits: WorkLimits;
  /** (dispatcher, seed) tasks that may wait or run at once, per account. */
  maxQueuedTasks: number;
  guard: OwnershipGuard;
}

export interface ComparisonRunOptions {
  /** Field names for issues about the dispatchers (evaluations name their own field). */
  dispatcherPath?: (index: number) => string;
  /** The model this run evaluates: its evaluation is stored when the run finishes. */
  evaluatesModelId?: string;
}

export async function startComparisonRun(
  deps: ComparisonRunDeps,
  request: FastifyRequest,
  body: Omit<RunRequest, 'buildingVersion'> & { buildingVersion?: number; traffic?: RunRequest['traffic'] },
  options: ComparisonRunOptions = {},
): Promise<RunDetail> {
  const { runs, buildings, runManager, models, limits, maxQueuedTasks, guard } = deps;
  const { building, definition, traffic } = await resolveSimulationInputs(buildings, body);
  const tasks = body.dispatchers.length * body.seeds.length;
  assertWithinBudget(
    runBudgetIssues(
      { building: definition, traffic, duration: body.duration, drainTime: body.drainTime, tasks },
      limits,
      { building: 'buildingId', traffic: body.traffic ? 'traffic' : 'buildingId' },
    ),
  );
  // The cap is per account, so one person's queue never stops everyone else's work.
  const pending = await runs.pendingTasks(ownerFor(request));
  if (pending + tasks > maxQueuedTasks)
    throw new HttpError(
      429,
      `${pending} of your comparison tasks are queued or running; ${tasks} more would pass the limit of ${maxQueuedTasks} per account (LIMIT_QUEUED_RUN_TASKS): wait for runs to finish or cancel some`,
    );
  const pathOf = options.dispatcherPath ?? ((k: number) => `dispatchers[${k}]`);
  let dispatchers;
  try {
    dispatchers = await Promise.all(body.dispatchers.map((d, k) => resolveDispatcher(models, d, pathOf(k))));
  } catch (error) {
    if (error instanceof UnknownModelIssue)
      throw badRequest(`Invalid request body: ${error.message}`, [
        { path: error.path, message: error.message },
      ]);
    throw error;
  }
  const runRequest = { ...body, dispatchers, buildingVersion: building.version, traffic };
  const run = await runs.create({
    buildingId: building.id,
    buildingVersion: building.version,
    request: runRequest,
    total: runRequest.dispatchers.length * runRequest.seeds.length,
    evaluatesModelId: options.evaluatesModelId,
  });
  const claimed = await guard.claim(request, 'runs', run);
  await runManager.start({ id: run.id, building: definition, traffic, request: runRequest });
  return claimed;
}
