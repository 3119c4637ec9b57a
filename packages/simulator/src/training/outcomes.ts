import type { PassengerRecord } from '@hoistway/shared-types';

/** What followed one assignment decision: the passengers it served and how long they waited and rode. */
export interface DecisionOutcome {
  /** Mean waiting time of the served passengers, s (null if it served nobody). */
  waitTime: number | null;
  /** Mean transit time of those of them delivered by the end of the episode, s (null if none). */
  rideTime: number | null;
  passengers: number;
}

/**
 * Realised outcome per decision id (0..decisionCount-1), from the passengers' records and the
 * decision that served each of them (aligned arrays, as the engine gives them).
 */
export function decisionOutcomes(
  records: readonly PassengerRecord[],
  servedBy: readonly (number | null)[],
  decisionCount: number,
  /** If given, a passenger never boarded counts with the wait elapsed by then (censored). */
  endTime?: number,
): DecisionOutcome[] {
  const served = new Int32Array(decisionCount);
  const waitSum = new Float64Array(decisionCount);
  const waitCount = new Int32Array(decisionCount);
  const rideSum = new Float64Array(decisionCount);
  const rideCount = new Int32Array(decisionCount);
  records.forEach((p, i) => {
    const d = servedBy[i];
    if (d === null || d === undefined || d < 0 || d >= decisionCount) return;
    served[d]!++;
    const wait = p.waitTime ?? (endTime !== undefined ? endTime - p.arrival : null);
    if (wait !== null) {
      waitSum[d]! += wait;
      waitCount[d]!++;
    }
    if (p.transitTime !== null) {
      rideSum[d]! += p.transitTime;
      rideCount[d]!++;
    }
  });
  return Array.from({ length: decisionCount }, (_, d) => ({
    waitTime: waitCount[d]! > 0 ? waitSum[d]! / waitCount[d]! : null,
    rideTime: rideCount[d]! > 0 ? rideSum[d]! / rideCount[d]! : null,
    passengers: served[d]!,
  }));
}
