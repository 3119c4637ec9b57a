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
  type LearnedModelSpec,
  type Traffic,
} from '@hoistway/shared-types';
import { createDispatcher, createLearnedDispatcher } from '../engine/dispatchers/index.js';
import { Simulation } from '../engine/simulation.js';
import type { DecisionRecord } from '../engine/types.js';
import { generateArrivals } from '../traffic/generate.js';
import { createExplorationPolicy } from './exploration-policy.js';
import { decisionOutcomes } from './outcomes.js';
import { defaultRolloutLabels, rolloutAdvantages } from './rollout-labels.js';
import type { EpisodeRows, TrainingSample } from './sample.js';
import { episodeSeed, type GenerationSettings } from './settings.js';

export interface EpisodeInput {
  building: Building;
  traffic: Traffic;
  settings: GenerationSettings;
  /** 0-based episode index. */
  episode: number;
  /** The learned model the episode's policy delegates to (settings.exploration.model names it). */
  model?: LearnedModelSpec;
}

export interface EpisodeResult extends EpisodeRows {
  /** The heuristic dispatcher the episode delegated to. */
  heuristic: string;
  /** Passengers generated in the episode. */
  passengers: number;
  /** Counterfactual simulations run for its labels. */
  rollouts: number;
}

const heuristicDispatcher = (name: DispatcherName) =>
  createDispatcher(dispatcherConfigSchema.parse({ name }));

export function runEpisode({ building, traffic, settings, episode, model }: EpisodeInput): EpisodeResult {
  const seed = episodeSeed(settings.seed, episode);
  // Policy iteration: the exploration policy delegates to the current learned model instead.
  const makeDispatcher = (name: DispatcherName) =>
    model ? createLearnedDispatcher(model) : heuristicDispatcher(name);
  const policy = createExplorationPolicy(settings.exploration, episode, seed, makeDispatcher);
  const config = runConfigSchema.parse({
    duration: settings.duration,
    // Training keeps every decision, so no warm-up is excluded.
    warmUp: 0,
    seed,
    drainTime: settings.drainTime,
    // The run config names the dispatcher the choices come from (the options' policy makes them).
    dispatcher: model
      ? { name: 'learned', model: `${model.name}@${model.version}`, resolved: model }
      : { name: policy.heuristic },
  });
  const arrivals = generateArrivals(building, traffic, { seed, duration: settings.duration });
  const decisions: DecisionRecord[] = [];
  const simulation = new Simulation(building, arrivals, config, {
    dispatcher: policy,
    onDecision: (d) => decisions.push(d),
  });
  simulation.runToEnd();

  const records = simulation.passengerRecords();
  // Passengers still waiting at the end count too (their waits are censored at the end time):
  // leaving them out would make the decisions that stranded them look best.
  const responsible = simulation.passengerResponsibleDecisions();
  const outcomes = decisionOutcomes(records, responsible, decisions.length, simulation.time);
  // Labels: what each candidate would have cost, by counterfactual rollouts of this episode with
  // the episode's own dispatcher (no exploration) deciding after the labelled decision.
  const { labels, rollouts } = rolloutAdvantages({
    building,
    arrivals,
    config,
    decisions,
    basePolicy: () => makeDispatcher(policy.heuristic as DispatcherName),
    seed,
    settings: settings.labels ?? defaultRolloutLabels,
  });
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
        cost: labels[d.id]![index]!,
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
    rollouts,
  };
}
