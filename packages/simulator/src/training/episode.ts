/**
 * One exploration episode → its training rows. Episode k uses seed (base seed + k) for both the traffic
 * and the exploration policy, so any episode can be regenerated on its own (what makes --resume exact).
 * Pure: no I/O.
 */
import {
  dispatcherConfigSchema,
  runConfigSchema,
  type Building,
  type DispatcherName,
  type Traffic,
} from '@hoistway/shared-types';
import { createDispatcher } from '../engine/dispatchers/index.js';
import { Simulation } from '../engine/simulation.js';
import type { DecisionRecord } from '../engine/types.js';
import { generateArrivals } from '../traffic/generate.js';
import { createExplorationPolicy } from './exploration-policy.js';
import { decisionOutcomes } from './outcomes.js';
import type { EpisodeRows, TrainingSample } from './sample.js';
import { episodeSeed, type GenerationSettings } from './settings.js';

export interface EpisodeInput {
  building: Building;
  traffic: Traffic;
  settings: GenerationSettings;
  /** 0-based episode index. */
  episode: number;
}

export interface EpisodeResult extends EpisodeRows {
  /** The heuristic dispatcher the episode delegated to. */
  heuristic: string;
  /** Passengers generated in the episode. */
  passengers: number;
}

const heuristicDispatcher = (name: DispatcherName) =>
  createDispatcher(dispatcherConfigSchema.parse({ name }));

export function runEpisode({ building, traffic, settings, episode }: EpisodeInput): EpisodeResult {
  const seed = episodeSeed(settings.seed, episode);
  const policy = createExplorationPolicy(settings.exploration, episode, seed, heuristicDispatcher);
  const config = runConfigSchema.parse({
    duration: settings.duration,
    // Training keeps every decision, so no warm-up is excluded.
    warmUp: 0,
    seed,
    drainTime: settings.drainTime,
    dispatcher: { name: policy.heuristic },
  });
  const arrivals = generateArrivals(building, traffic, { seed, duration: settings.duration });
  const decisions: DecisionRecord[] = [];
  const simulation = new Simulation(building, arrivals, config, {
    dispatcher: policy,
    onDecision: (d) => decisions.push(d),
  });
  simulation.runToEnd();

  const outcomes = decisionOutcomes(
    simulation.passengerRecords(),
    simulation.passengerDecisionIds(),
    decisions.length,
  );
  const samples: TrainingSample[] = [];
  for (const d of decisions) {
    const outcome = outcomes[d.id]!;
    // The engine calls choose() exactly once per decision, in decision-id order.
    const policyName = policy.choicePolicies[d.id]!;
    d.candidates.forEach((candidate, index) => {
      samples.push({
        episode,
        decision: d.id,
        simTime: d.time,
        candidate: index,
        carId: candidate.carId,
        features: candidate.features,
        chosen: index === d.chosen,
        policy: policyName,
        waitTime: outcome.waitTime,
        rideTime: outcome.rideTime,
        passengers: outcome.passengers,
      });
    });
  }
  return {
    episode,
    seed,
    decisions: decisions.length,
    samples,
    heuristic: policy.heuristic,
    passengers: arrivals.length,
  };
}
