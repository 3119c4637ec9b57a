export { Simulation, PARKING_DELAY } from './simulation.js';
export { simulate } from './simulate.js';
export {
  createDispatcher,
  collectiveDistance,
  figureOfSuitability,
  sectorOwner,
  etaCost,
  checkNetworkFeatures,
  createLearnedDispatcher,
  encodeFloat32,
  LearnedModelError,
  LearnedNetworkRunner,
} from './dispatchers/index.js';
export { measuredWait } from './kpis.js';
export { checkInvariants, type InvariantTrace } from './invariants.js';
export type {
  CallDirection,
  CandidateCar,
  CarView,
  DecisionContext,
  DecisionRecord,
  Dispatcher,
  GroupInfo,
  InsertionEstimate,
  SimEvent,
  SimEventType,
  SimulationOptions,
} from './types.js';
