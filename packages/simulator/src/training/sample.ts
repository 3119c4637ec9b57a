import type { NewTrainingSample } from '@hoistway/shared-types/db';

/**
 * One training row: a candidate car of one assignment decision, with the decision's realised outcome.
 * The shape is the Drizzle insert type of `training_samples`, minus the ids the writer supplies.
 */
export type TrainingSample = Required<Omit<NewTrainingSample, 'id' | 'datasetId'>>;

/** Everything one episode contributes to a dataset; written in one transaction. */
export interface EpisodeRows {
  episode: number;
  /** Seed used for the episode's traffic and exploration policy. */
  seed: number;
  decisions: number;
  samples: readonly TrainingSample[];
}
