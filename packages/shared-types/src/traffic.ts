import { z } from 'zod';
import { nonNegative, nonNegativeInt, positive, positiveInt } from './validation.js';

export const trafficTemplateNames = ['up-peak', 'down-peak', 'lunch', 'interfloor', 'daily'] as const;
export const trafficTemplateNameSchema = z.enum(trafficTemplateNames, {
  error: `must be one of ${trafficTemplateNames.join(', ')}`,
});
export type TrafficTemplateName = z.output<typeof trafficTemplateNameSchema>;

/** Shares of arrivals in percent: incoming (from entrance floors), outgoing (to them), interfloor. */
export const trafficMixSchema = z
  .strictObject({ incoming: nonNegative(), outgoing: nonNegative(), interfloor: nonNegative() })
  .refine((m) => Math.abs(m.incoming + m.outgoing + m.interfloor - 100) < 1e-6, {
    message: 'incoming + outgoing + interfloor must sum to 100',
  });
export type TrafficMix = z.output<typeof trafficMixSchema>;

/** Standard mixes of the lift-traffic literature (up-peak 85/10/5, lunch 45/45/10, …); `daily` varies its mix over the day (see the simulator's traffic module). */
export const templateMixes: Record<Exclude<TrafficTemplateName, 'daily'>, TrafficMix> = {
  'up-peak': { incoming: 85, outgoing: 10, interfloor: 5 },
  'down-peak': { incoming: 5, outgoing: 85, interfloor: 10 },
  lunch: { incoming: 45, outgoing: 45, interfloor: 10 },
  interfloor: { incoming: 0, outgoing: 0, interfloor: 100 },
};

export const templateTrafficSchema = z.strictObject({
  kind: z.literal('template'),
  template: trafficTemplateNameSchema,
  /** Arrivals as % of the building population per 5 minutes (for `daily`: at the busiest period). */
  intensity: positive().max(100, 'must be <= 100 (% of population per 5 min)'),
  /** Overrides the template's mix (not allowed for `daily`). */
  mix: trafficMixSchema.optional(),
});

/** Most floors a building has (buildingSchema's MAX_FLOORS) and so most entries of an OD row. */
const MAX_OD_FLOORS = 200;
/** Most periods of an OD description (a day in quarter hours is 96). */
export const MAX_OD_PERIODS = 96;
const perFloor = <T extends z.ZodType>(entry: T) =>
  z.array(entry).max(MAX_OD_FLOORS, `must have at most ${MAX_OD_FLOORS} entries (one per floor)`);

/** One period of an origin–destination description. */
export const odPeriodSchema = z.strictObject({
  /** Length of the period, s. Periods follow each other from t = 0. */
  duration: positive(),
  /** Persons per 5 minutes appearing at each floor (one entry per floor). */
  rates: perFloor(nonNegative()),
  /** Row i: probability of each destination for a passenger from floor i; rows with a rate sum to 1. */
  matrix: perFloor(perFloor(nonNegative())),
});
export type OdPeriod = z.output<typeof odPeriodSchema>;

export const odTrafficSchema = z.strictObject({
  kind: z.literal('od'),
  periods: z
    .array(odPeriodSchema)
    .min(1, 'must have at least one period')
    .max(MAX_OD_PERIODS, `must have at most ${MAX_OD_PERIODS} periods`),
  /** Repeat the periods until the run ends. */
  repeat: z.boolean().default(false),
});

export const passengerSpecSchema = z.strictObject({
  /** Arrival time at the landing, s from the start of the run. */
  time: nonNegative(),
  origin: nonNegativeInt(),
  destination: nonNegativeInt(),
  count: positiveInt().max(100).default(1),
});
export type PassengerSpec = z.output<typeof passengerSpecSchema>;

/** Most rows of a passenger list file (the CLI's limit). */
export const MAX_PASSENGER_ROWS = 1_000_000;
/**
 * Most rows of a passenger list sent to the REST API (the CLI reads files of up to 1,000,000): as JSON
 * that is about 3 MB, inside the API's default body limit, so a longer list gets a 400 naming the field
 * rather than a bare 413.
 */
export const MAX_API_PASSENGER_ROWS = 50_000;

// The row limit is an array bound, which zod checks before it parses any row: an over-long list costs
// one issue, not one per row.
const passengerListSchema = (maxRows: number, message: string) =>
  z.strictObject({
    kind: z.literal('passengers'),
    passengers: z.array(passengerSpecSchema).max(maxRows, message),
  });

export const passengerListTrafficSchema = passengerListSchema(
  MAX_PASSENGER_ROWS,
  'must have at most 1,000,000 rows',
);

export const trafficSchema = z.discriminatedUnion(
  'kind',
  [templateTrafficSchema, odTrafficSchema, passengerListTrafficSchema],
  {
    error: 'kind must be one of template, od, passengers',
  },
);
export type Traffic = z.output<typeof trafficSchema>;

/** Traffic in an API request: trafficSchema with a passenger list of at most MAX_API_PASSENGER_ROWS rows. */
export const apiTrafficSchema = z.discriminatedUnion(
  'kind',
  [
    templateTrafficSchema,
    odTrafficSchema,
    passengerListSchema(
      MAX_API_PASSENGER_ROWS,
      `must have at most ${MAX_API_PASSENGER_ROWS.toLocaleString('en-US')} rows through the API (the CLI reads longer lists)`,
    ),
  ],
  { error: 'kind must be one of template, od, passengers' },
);
export type TrafficInput = z.input<typeof trafficSchema>;
export type TemplateTraffic = z.output<typeof templateTrafficSchema>;
export type OdTraffic = z.output<typeof odTrafficSchema>;
export type PassengerListTraffic = z.output<typeof passengerListTrafficSchema>;

/** Used when neither the command line nor the building names a traffic. */
export const defaultTraffic: Traffic = { kind: 'template', template: 'lunch', intensity: 12 };

/** Checks that need the building: floor indices in range, OD shapes and row sums. */
export function trafficIssuesForFloors(
  traffic: Traffic,
  floorCount: number,
): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const inRange = (f: number) => f >= 0 && f < floorCount;
  if (traffic.kind === 'passengers') {
    traffic.passengers.forEach((p, i) => {
      if (!inRange(p.origin))
        out.push({
          path: ['passengers', i, 'origin'],
          message: `must be a floor index 0..${floorCount - 1}`,
        });
      if (!inRange(p.destination))
        out.push({
          path: ['passengers', i, 'destination'],
          message: `must be a floor index 0..${floorCount - 1}`,
        });
      if (p.origin === p.destination)
        out.push({ path: ['passengers', i, 'destination'], message: 'must differ from origin' });
    });
  } else if (traffic.kind === 'od') {
    traffic.periods.forEach((period, k) => {
      if (period.rates.length !== floorCount)
        out.push({
          path: ['periods', k, 'rates'],
          message: `must have ${floorCount} entries (one per floor)`,
        });
      if (period.matrix.length !== floorCount)
        out.push({ path: ['periods', k, 'matrix'], message: `must have ${floorCount} rows (one per floor)` });
      period.matrix.forEach((row, i) => {
        if (row.length !== floorCount)
          out.push({
            path: ['periods', k, 'matrix', i],
            message: `must have ${floorCount} entries (one per floor)`,
          });
        if ((row[i] ?? 0) > 0)
          out.push({ path: ['periods', k, 'matrix', i, i], message: 'must be 0 (origin = destination)' });
        const sum = row.reduce((a, b) => a + b, 0);
        if ((period.rates[i] ?? 0) > 0 && Math.abs(sum - 1) > 1e-6)
          out.push({
            path: ['periods', k, 'matrix', i],
            message: `row must sum to 1 (sums to ${+sum.toFixed(6)})`,
          });
      });
    });
  }
  return out;
}
