// Training-data generation (`hoistway-sim generate`): exploration policy, episodes, PostgreSQL writer.
export {
  createExplorationPolicy,
  heuristicForEpisode,
  RANDOM_POLICY,
  type ExplorationPolicy,
} from './exploration-policy.js';
export { runEpisode, type EpisodeInput, type EpisodeResult } from './episode.js';
export { decisionOutcomes, type DecisionOutcome } from './outcomes.js';
export type { EpisodeRows, TrainingSample } from './sample.js';
export {
  defaultExploration,
  episodeSeed,
  type ExplorationSettings,
  type GenerationSettings,
  type PolicyMix,
} from './settings.js';
export { encodeSampleChunks, encodeSampleLine, copyTrainingSamplesSql } from './copy-text.js';
export { TrainingDataWriter, applyMigrations, type DatasetDefinition, type OpenedDataset } from './writer.js';
export { createPgClient } from './pg-client.js';
export { DatabaseConnectionError, DatasetConflictError } from './errors.js';
export { defaultDatasetName } from './dataset-name.js';
export { generateDataset, type GenerateDatasetOptions, type GenerateSummary } from './generate-dataset.js';
export {
  defaultRolloutLabels,
  labelObjective,
  labelledDecisions,
  passengerTime,
  rolloutAdvantages,
  RolloutDivergedError,
  type RolloutLabelSettings,
} from './rollout-labels.js';
export {
  trainNetwork,
  trainingLibrary,
  DEFAULT_HIDDEN,
  type TrainingRows,
  type TrainOptions,
  type TrainedNetwork,
} from './train-network.js';
export {
  featureMismatch,
  insertModel,
  listModels,
  loadTrainingRows,
  parseModelFile,
  resolveModel,
} from './model-registry.js';
export { TrainingInputError, UnknownModelError } from './errors.js';
export {
  EVALUATION_HEURISTICS,
  MAX_EVALUATION_SEEDS,
  MIN_EVALUATION_SEEDS,
  overlappingSeeds,
  seedOverlapMessage,
  summariseEvaluation,
  trainingSeedsOf,
  type EvaluationContext,
} from './evaluation.js';
