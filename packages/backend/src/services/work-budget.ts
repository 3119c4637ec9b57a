/**
 * The backend's work budgets: the limits of the configuration, and the one way a request over them
 * is refused (400 naming the field and the configuration variable), before any work starts.
 */
import type { BudgetIssue, WorkLimits } from '@hoistway/shared-types';
import type { Config } from '../config.js';
import { badRequest } from '../http/errors.js';

/** The configuration variable of each limit (named in refusals, so an operator knows what to raise). */
export const LIMIT_VARIABLES: Record<keyof WorkLimits, keyof Config> = {
  floorPopulation: 'LIMIT_FLOOR_POPULATION',
  buildingPopulation: 'LIMIT_BUILDING_POPULATION',
  floorsTimesCars: 'LIMIT_FLOORS_X_CARS',
  simulationPassengers: 'LIMIT_SIMULATION_PASSENGERS',
  runPassengers: 'LIMIT_RUN_PASSENGERS',
  runSimHours: 'LIMIT_RUN_SIM_HOURS',
  datasetPassengers: 'LIMIT_DATASET_PASSENGERS',
};

export function workLimitsFrom(config: Config): WorkLimits {
  return {
    floorPopulation: config.LIMIT_FLOOR_POPULATION,
    buildingPopulation: config.LIMIT_BUILDING_POPULATION,
    floorsTimesCars: config.LIMIT_FLOORS_X_CARS,
    simulationPassengers: config.LIMIT_SIMULATION_PASSENGERS,
    runPassengers: config.LIMIT_RUN_PASSENGERS,
    runSimHours: config.LIMIT_RUN_SIM_HOURS,
    datasetPassengers: config.LIMIT_DATASET_PASSENGERS,
  };
}

/** Throws a 400 listing what is too large, if anything is. */
export function assertWithinBudget(issues: BudgetIssue[]): void {
  if (issues.length === 0) return;
  throw badRequest(
    `Too much work for this server: ${issues[0]!.message}`,
    issues.map((i) => ({ path: i.path, message: `${i.message} (${LIMIT_VARIABLES[i.limit]})` })),
  );
}
