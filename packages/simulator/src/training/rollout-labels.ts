/**
 * The learned dispatcher's training target: what each candidate of a decision would have cost,
 * measured by counterfactual rollouts of the same episode.
 *
 * For a labelled decision d at time t, and for every candidate car c of it, the episode is simulated
 * again with the same passengers (same seed, same arrivals): every decision before d takes the choice
 * the episode made (so the state at t is exactly the episode's), decision d gives the call to c, and
 * every later decision is made by the base policy (the episode's dispatcher without exploration).
 * The rollout's cost is the passenger time, within [t, t + H], of everyone in the building at t (the
 * call's own passengers, everyone waiting elsewhere and everyone riding): each waiting second counts
 * 1, each riding second `ridingWeight`; a passenger still waiting or riding at t + H counts up to
 * t + H. That includes the delay the choice adds to others, through the car's plan and through every
 * later decision the base policy makes. Passengers who arrive after t are left out: they are affected
 * only indirectly, and their own, much larger, trip-to-trip variation would drown the effect of the
 * choice (measured: it cut the signal-to-noise ratio of the labels by about 2.5×). Because all
 * candidates see the same passengers, the differences between them are the effect of the choice
 * alone; the label of candidate c is its cost minus the mean cost of the decision's candidates (its
 * advantage), so a model of it ranks cars directly.
 *
 * Labelling every decision would cost one rollout per candidate per decision, each replaying the
 * episode from its start, so a seeded share of the decisions is labelled (the rest get null and
 * are left out of training). Pure: no I/O.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import {
  learnedObjectiveSchema,
  type Building,
  type LearnedObjective,
  type PassengerRecord,
  type RunConfig,
} from '@hoistway/shared-types';
import { Simulation } from '../engine/simulation.js';
import type { PassengerArrival } from '../traffic/arrival.js';
import type { DecisionContext, DecisionRecord, Dispatcher } from '../engine/types.js';

export interface RolloutLabelSettings {
  /** Passenger time counted after each labelled decision, s. */
  horizon: number;
  /** Weight of a riding second relative to a waiting second. */
  ridingWeight: number;
  /** Share of the decisions (with two or more candidates) that get labels, 0–1. */
  labelShare: number;
}

export const defaultRolloutLabels: RolloutLabelSettings = {
  horizon: 300,
  ridingWeight: 0.5,
  labelShare: 0.1,
};

/** What a dataset's labels measure (its stored `config.labels`), as a model's objective. */
export function labelObjective(labels: unknown): LearnedObjective {
  const l = (labels ?? defaultRolloutLabels) as Partial<RolloutLabelSettings>;
  const parsed = learnedObjectiveSchema.safeParse({ horizon: l.horizon, ridingWeight: l.ridingWeight });
  return parsed.success
    ? parsed.data
    : { horizon: defaultRolloutLabels.horizon, ridingWeight: defaultRolloutLabels.ridingWeight };
}

export interface RolloutInput {
  building: Building;
  arrivals: readonly PassengerArrival[];
  config: RunConfig;
  /** The episode's decisions, in id order, with the choice it made at each. */
  decisions: readonly DecisionRecord[];
  /** A fresh instance of the base policy that decides after the labelled decision. */
  basePolicy: () => Dispatcher;
  /** Seed of the episode (which decisions get labels is drawn from it). */
  seed: number;
  settings: RolloutLabelSettings;
}

/** Thrown when a rollout does not reproduce the episode (the engine would be non-deterministic). */
export class RolloutDivergedError extends Error {
  override name = 'RolloutDivergedError';
}

/**
 * Passenger time within [from, to] of the passengers already in the building at `from` (arrived by
 * then, not yet delivered); unfinished waits and rides count up to `to`.
 */
export function passengerTime(
  records: readonly PassengerRecord[],
  from: number,
  to: number,
  rho: number,
): number {
  let total = 0;
  for (const p of records) {
    if (p.arrival > from) continue;
    const waitEnd = Math.min(p.boardDoorOpen ?? to, to);
    const rideEnd = p.boardDoorOpen === null ? waitEnd : Math.min(p.alightDoorOpen ?? to, to);
    total += Math.max(0, waitEnd - from);
    total += rho * Math.max(0, rideEnd - Math.max(waitEnd, from));
  }
  return total;
}

/** Replays the episode's choices before `decision`, forces `candidate` at it, then asks the base policy. */
function forcedPolicy(
  decisions: readonly DecisionRecord[],
  decision: number,
  candidate: number,
  base: Dispatcher,
): Dispatcher {
  let next = 0;
  return {
    name: base.name,
    destinationControl: base.destinationControl,
    choose(ctx: DecisionContext): number {
      const k = next++;
      if (k > decision) return base.choose(ctx);
      const recorded = decisions[k]!;
      if (ctx.time !== recorded.time || ctx.candidates.length !== recorded.candidates.length)
        throw new RolloutDivergedError(
          `rollout diverged at decision ${k} (t = ${ctx.time} s, episode had t = ${recorded.time} s)`,
        );
      return k === decision ? candidate : recorded.chosen;
    },
  };
}

/** Which decisions get labels: a seeded draw per decision, among those with a real choice. */
export function labelledDecisions(
  decisions: readonly DecisionRecord[],
  seed: number,
  labelShare: number,
): number[] {
  const rng = xoroshiro128plus(seed ^ 0x5bd1e995);
  const picked: number[] = [];
  for (const d of decisions) {
    // Draw for every decision so the pick of one never depends on another's candidates.
    const u = uniformFloat64(rng);
    if (d.candidates.length >= 2 && u < labelShare) picked.push(d.id);
  }
  return picked;
}

/**
 * Passenger time within [t, t + horizon] of the episode replayed with decision `id` giving the call to
 * `candidate` and the base policy deciding afterwards.
 */
export function rolloutCost(input: RolloutInput, id: number, candidate: number): number {
  const decision = input.decisions[id]!;
  const to = decision.time + input.settings.horizon;
  const simulation = new Simulation(input.building, input.arrivals, input.config, {
    dispatcher: forcedPolicy(input.decisions, id, candidate, input.basePolicy()),
  });
  simulation.advanceTo(to);
  return passengerTime(
    simulation.passengerRecords(),
    decision.time,
    simulation.time,
    input.settings.ridingWeight,
  );
}

/**
 * Advantage labels per decision and candidate (same shape as `decisions[d].candidates`; null for
 * decisions not labelled), and the number of rollouts simulated.
 */
export function rolloutAdvantages(input: RolloutInput): { labels: (number | null)[][]; rollouts: number } {
  const { decisions, settings } = input;
  const labels: (number | null)[][] = decisions.map((d) => d.candidates.map(() => null));
  let rollouts = 0;
  for (const id of labelledDecisions(decisions, input.seed, settings.labelShare)) {
    const costs = decisions[id]!.candidates.map((_, candidate) => rolloutCost(input, id, candidate));
    rollouts += costs.length;
    const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
    labels[id] = costs.map((c) => c - mean);
  }
  return { labels, rollouts };
}
