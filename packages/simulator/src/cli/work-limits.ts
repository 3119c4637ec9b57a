/**
 * The CLI's work budgets: the backend's defaults, except that one simulation may be larger (a
 * passenger list file may have 1,000,000 rows; the command runs on the user's own machine).
 */
import { defaultWorkLimits, type WorkLimits } from '@hoistway/shared-types';

export const CLI_WORK_LIMITS: WorkLimits = {
  ...defaultWorkLimits,
  simulationPassengers: 5_000_000,
  runPassengers: 200_000_000,
  runSimHours: 1_000_000,
  datasetPassengers: 100_000_000,
};
