export type { PassengerArrival } from './arrival.js';
export { TrafficInputError } from './errors.js';
export { generateArrivals, type GenerateOptions } from './generate.js';
export { parsePassengerCsv, readPassengerCsv } from './csv.js';
export { checkTrafficForBuilding } from './check.js';
export { arrivalRateProfile, type RateProfilePoint, type RateProfileOptions } from './profile.js';
export { resolveTraffic, DEFAULT_TEMPLATE_INTENSITY } from './resolve.js';
export { DAILY_PROFILE, DAILY_PROFILE_DURATION, type DailyPeriod } from './daily-profile.js';
export {
  ratePlan,
  templateTripRates,
  tripKind,
  type RateSegment,
  type TripRate,
  type TripKind,
} from './rate-plan.js';
export { servableTrips } from './reachability.js';
