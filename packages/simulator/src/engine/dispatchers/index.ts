import type { DispatcherConfig } from '@hoistway/shared-types';
import type { Dispatcher } from '../types.js';
import { createCollectiveDispatcher } from './collective.js';
import { createDestinationDispatcher } from './destination.js';
import { createEtaDispatcher } from './eta.js';
import { createLearnedDispatcher, LearnedModelError } from './learned.js';
import { createNearestDispatcher } from './nearest.js';
import { createSectoringDispatcher } from './sectoring.js';

export function createDispatcher(config: DispatcherConfig): Dispatcher {
  switch (config.name) {
    case 'collective':
      return createCollectiveDispatcher();
    case 'nearest':
      return createNearestDispatcher();
    case 'sectoring':
      return createSectoringDispatcher(config.sectors);
    case 'eta':
      return createEtaDispatcher(config.ridingWeight);
    case 'destination':
      return createDestinationDispatcher(config.ridingWeight);
    case 'learned':
      if (!config.resolved)
        throw new LearnedModelError(
          `dispatcher learned: model "${config.model}" is not loaded (look it up in the model registry first)`,
        );
      return createLearnedDispatcher(config.resolved);
  }
}

export { collectiveDistance } from './collective.js';
export { figureOfSuitability } from './nearest.js';
export { sectorOwner } from './sectoring.js';
export { etaCost } from './eta.js';
export {
  checkNetworkFeatures,
  createLearnedDispatcher,
  encodeFloat32,
  LearnedModelError,
  LearnedNetworkRunner,
} from './learned.js';
