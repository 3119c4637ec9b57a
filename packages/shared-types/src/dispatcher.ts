import { z } from 'zod';
import { learnedModelSpecSchema } from './learned-model.js';
import { positiveInt } from './validation.js';

/** The built-in (heuristic) dispatchers. */
export const dispatcherNames = ['collective', 'nearest', 'sectoring', 'eta', 'destination'] as const;
/** Every dispatcher name a configuration may give: the heuristics and `learned` (needs a model). */
export const allDispatcherNames = [...dispatcherNames, 'learned'] as const;
export type AnyDispatcherName = (typeof allDispatcherNames)[number];
export const dispatcherNameSchema = z.enum(dispatcherNames, {
  error: `must be one of ${dispatcherNames.join(', ')}`,
});
export type DispatcherName = z.output<typeof dispatcherNameSchema>;

/** A dispatcher choice with its parameters. */
export const dispatcherConfigSchema = z.discriminatedUnion(
  'name',
  [
    z.strictObject({ name: z.literal('collective') }),
    z.strictObject({ name: z.literal('nearest') }),
    z.strictObject({
      name: z.literal('sectoring'),
      /** Number of sectors; defaults to the number of cars in the group. */
      sectors: positiveInt().max(64).optional(),
    }),
    z.strictObject({
      name: z.literal('eta'),
      /** Weight of the added riding time of passengers already assigned, relative to waiting time. */
      ridingWeight: z.number().min(0, 'must be >= 0').max(10, 'must be <= 10').default(0.5),
    }),
    z.strictObject({
      name: z.literal('destination'),
      ridingWeight: z.number().min(0, 'must be >= 0').max(10, 'must be <= 10').default(0.5),
    }),
    z.strictObject({
      name: z.literal('learned'),
      /** A registered model: its name (latest version), `name@version`, or its id. */
      model: z.string().trim().min(1, 'must name a model').max(200),
      /**
       * The resolved model, filled in by whoever looks the name up in the registry (CLI, backend)
       * before the simulation starts, so a session or run keeps exactly the weights it ran with.
       */
      resolved: learnedModelSpecSchema.optional(),
    }),
  ],
  { error: `name must be one of ${allDispatcherNames.join(', ')}` },
);
export type DispatcherConfig = z.output<typeof dispatcherConfigSchema>;
export type DispatcherConfigInput = z.input<typeof dispatcherConfigSchema>;
export type LearnedDispatcherConfig = Extract<DispatcherConfig, { name: 'learned' }>;

/** The config without a resolved model's weights (what results and lists show). */
export function dispatcherConfigSummary(config: DispatcherConfig): DispatcherConfig {
  if (config.name !== 'learned' || !config.resolved) return config;
  const { resolved, ...rest } = config;
  return { ...rest, model: `${resolved.name}@${resolved.version}` };
}

/**
 * Per-candidate features the engine exposes at each assignment decision (same order everywhere:
 * training rows, learned policies). All are numbers; booleans are 0/1.
 */
export const decisionFeatureNames = [
  'etaSeconds', // estimated time for the car to reach the call's floor, following its planned stops
  'distanceFloors', // |car floor − call floor|
  'stopsBefore', // planned stops before the call's floor
  'plannedStops', // planned stops in total
  'loadFraction', // persons on board / capacity
  'movingToward', // 1 if moving toward the call in the call's direction
  'idle', // 1 if the car has no planned stops
  'assignedCalls', // hall calls already assigned to the car
  'addedRideSeconds', // extra riding time imposed on passengers already on board / assigned
  'queueAtFloor', // persons waiting at the call's floor in the call's direction
  'addedWaitSeconds', // extra waiting time imposed on passengers already assigned to the car
  'addedBusySeconds', // how much later the car finishes its whole plan with the call
  'waitingInGroup', // persons waiting at all the group's landings (how much a busy car costs others)
  'waitingAtLobby', // of those, persons waiting to go up from the group's lobby (the crowd a returning car serves)
  'leastCostSeconds', // the least-cost (eta) dispatcher's figure for this car: a prior the model can correct
] as const;
export type DecisionFeatureName = (typeof decisionFeatureNames)[number];
