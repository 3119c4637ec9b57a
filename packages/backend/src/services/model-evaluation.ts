/**
 * Evaluating a model from the web app: the same comparison as `hoistway-sim evaluate` (the model and
 * the five heuristics on the same held-out seeds), run as a comparison run whose tasks are jobs like
 * any other; when it finishes, its stored tasks are summarised exactly as the CLI summarises its runs
 * and the result replaces the model's evaluation.
 */
import {
  dispatcherConfigSchema,
  type EvaluateModelRequest,
  type ModelEvaluation,
  type RunDetail,
  type RunRequest,
  type SimulationResults,
} from '@hoistway/shared-types';
import {
  EVALUATION_HEURISTICS,
  describeTraffic,
  dispatcherLabels,
  overlappingSeeds,
  seedOverlapMessage,
  summariseEvaluation,
  trainingSeedsOf,
} from '@hoistway/simulator/node';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import type { FinishedTask } from '../repositories/runs.js';
import { startComparisonRun, type ComparisonRunDeps } from './comparison-runs.js';

export async function startModelEvaluation(
  deps: ComparisonRunDeps & { database: Database },
  request: FastifyRequest,
  modelId: string,
  body: EvaluateModelRequest,
): Promise<RunDetail> {
  const model = await deps.models.get(modelId);
  if (!model) throw notFound('model');
  if (model.status !== 'ready')
    throw conflict(`the model is ${model.status}; only a ready model can be evaluated`);
  const seeds = Array.from({ length: body.seeds }, (_, i) => body.seedStart + i);
  // The CLI's check: no seed of the model's training episodes may evaluate it.
  const training = await trainingSeedsOf(deps.database.query, model.id);
  const overlap = overlappingSeeds(seeds, training.seeds);
  if (overlap.length > 0) {
    const message = seedOverlapMessage('seeds', 'seedStart', overlap, model);
    throw badRequest(`Invalid request body: ${message}`, [{ path: 'seedStart', message }]);
  }
  return startComparisonRun(
    deps,
    request,
    {
      buildingId: body.buildingId,
      buildingVersion: body.buildingVersion,
      traffic: body.traffic,
      dispatchers: [
        // Parsed so each heuristic carries its default settings, as in a comparison request.
        ...EVALUATION_HEURISTICS.map((name) => dispatcherConfigSchema.parse({ name })),
        { name: 'learned', model: model.id },
      ],
      seeds,
      duration: body.duration,
      warmUp: body.warmUp,
      drainTime: 0,
    },
    { evaluatesModelId: model.id, dispatcherPath: () => 'model' },
  );
}

/**
 * The evaluation of a finished evaluation run, as `hoistway-sim evaluate` computes it: the learned
 * dispatcher is the run's last, and each label's results are in seed order (task order).
 */
export function evaluationOfRun(
  request: RunRequest,
  finished: readonly FinishedTask[],
  buildingName: string,
): ModelEvaluation {
  const labels = dispatcherLabels(request.dispatchers);
  const runs: Record<string, SimulationResults[]> = Object.fromEntries(labels.map((l) => [l, []]));
  for (const f of finished) runs[f.label]!.push(f.results);
  return summariseEvaluation(runs, labels.at(-1)!, {
    building: buildingName,
    traffic: describeTraffic(request.traffic!),
    duration: request.duration,
    warmUp: request.warmUp,
    seeds: request.seeds,
  });
}

/** Stores the evaluation with the model (replacing an earlier one), as the CLI does. */
export async function storeModelEvaluation(
  database: Database,
  runId: string,
  modelId: string,
  request: RunRequest,
  finished: readonly FinishedTask[],
): Promise<void> {
  const [building] = await database.query(
    `select v.definition->>'name' as name from runs r
     join building_versions v on v.building_id = r.building_id and v.version = r.building_version
     where r.id = $1`,
    [runId],
  );
  const evaluation = evaluationOfRun(request, finished, String(building?.['name'] ?? 'building'));
  await database.query(`update models set evaluation = $2::text::jsonb where id = $1`, [
    modelId,
    JSON.stringify(evaluation),
  ]);
}
