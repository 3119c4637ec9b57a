/**
 * The types a playground script receives, shown in the page's reference panel. A copy of the engine's
 * declarations (packages/simulator/src/engine/types.ts); context-types.test.ts fails when they drift.
 */
export const CONTEXT_TYPES = `type Direction = 'up' | 'down' | 'idle';

type CallDirection = 'up' | 'down';

/** A read-only view of a car, for dispatchers. */
interface CarView {
  readonly index: number;
  readonly id: string;
  /** Position of the car within its group (0-based). */
  readonly groupPosition: number;
  /** Floor the car is at, or (moving) the floor nearest to its position. */
  readonly floor: number;
  /** Nearest floor where the car can still stop: its own floor when standing. */
  readonly stopFloor: number;
  /** Height of the car floor above floor 0, m. */
  readonly position: number;
  /** Service direction ('idle' when it has nothing to do). */
  readonly direction: Direction;
  readonly moving: boolean;
  readonly load: number;
  readonly capacity: number;
  /** Planning load limit: floor(capacity × loading factor), at least 1. */
  readonly boardLimit: number;
  /** Farthest floor the car must still reach in each direction (its own floor if none). */
  readonly highestDemand: number;
  readonly lowestDemand: number;
  /** True when the car has no car calls and no assigned pickups. */
  readonly free: boolean;
  serves(floor: number): boolean;
}

/** The outcome of inserting the call into a car's planned stop list (see eta dispatcher). */
interface InsertionEstimate {
  /** Seconds until the car would begin opening its doors for this call. */
  eta: number;
  /** Added waiting time of the passengers already assigned to the car, s (summed). */
  addedWait: number;
  /** Added riding time of the passengers on board (and allocated), s (summed). */
  addedRide: number;
  /** Riding time of the new passenger (destination control; 0 if unknown). */
  newRide: number;
  /** Planned stops before the call is served. */
  stopsBefore: number;
  /** Planned stops of the car without the call. */
  plannedStops: number;
  /** Stops the call adds to the plan (0 when it joins planned stops). */
  addedStops: number;
  /** How much later the car finishes its whole plan with the call, s: time it takes from later calls. */
  addedBusy: number;
}

interface CandidateCar {
  readonly carIndex: number;
  readonly carId: string;
  /** Values in shared-types \`decisionFeatureNames\` order; computed on first access. */
  readonly features: readonly number[];
  readonly car: CarView;
  /** Least-cost figures from the car's planned stop list, computed on first call. */
  estimate(): InsertionEstimate;
  /**
   * A lower bound of \`estimate().eta\`, cheap (no planning): least-cost dispatchers skip a car whose
   * bound already exceeds the best cost found so far. Optional: without it every car is estimated.
   */
  etaLowerBound?(): number;
}

interface GroupInfo {
  readonly index: number;
  readonly name: string;
  readonly servedFloors: readonly number[];
  readonly entranceFloors: readonly number[];
  readonly carCount: number;
  readonly floorCount: number;
}

interface DecisionContext {
  time: number;
  group: number;
  call: { floor: number; direction: CallDirection; destination: number | null };
  /** Only cars of the group that serve the floor (and destination). Never empty. */
  candidates: readonly CandidateCar[];
  groupInfo: GroupInfo;
  /** Passengers waiting at the group's landings now (not yet boarded). */
  waiting: number;
  /** Of those, waiting to go up from the group's lobby (its main entrance). */
  waitingAtLobby: number;
}

/** What your script exports. */
// export default function choose(ctx: DecisionContext): number  — an index into ctx.candidates
// export const name = 'my dispatcher';        (optional) shown in comparisons
// export const destinationControl = true;     (optional) allocate each passenger at the landing
`;

/** Declarations of the panel compared with the engine's (the rest of the panel is comments). */
export const CONTEXT_TYPE_NAMES = [
  'CallDirection',
  'CarView',
  'InsertionEstimate',
  'CandidateCar',
  'GroupInfo',
  'DecisionContext',
] as const;
