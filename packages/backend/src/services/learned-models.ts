/**
 * Learned dispatchers in requests: the model a `learned` config names is looked up in the registry
 * and put into the config (`resolved`) before anything runs, so sessions and runs keep exactly the
 * weights they ran with. An unknown model is a 400 naming the field.
 */
import type { DispatcherConfig, LearnedModelSpec } from '@hoistway/shared-types';
import { checkNetworkFeatures } from '@hoistway/simulator';
import type { ModelRepository } from '../repositories/models.js';

export class UnknownModelIssue extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** The config with its model resolved (unchanged for the heuristics); throws UnknownModelIssue. */
export async function resolveDispatcher(
  models: ModelRepository,
  config: DispatcherConfig,
  path: string,
): Promise<DispatcherConfig> {
  if (config.name !== 'learned') return config;
  let spec: LearnedModelSpec | undefined;
  try {
    spec = await models.resolve(config.model);
  } catch {
    spec = undefined;
  }
  if (!spec) throw new UnknownModelIssue(`${path}.model`, `unknown model "${config.model}"`);
  try {
    checkNetworkFeatures(spec.network, `"${spec.name}" (version ${spec.version})`);
  } catch (error) {
    throw new UnknownModelIssue(`${path}.model`, (error as Error).message);
  }
  return { name: 'learned', model: config.model, resolved: spec };
}
