import { z } from 'zod';
import { nonNegative, nonNegativeInt, positive, positiveInt } from './validation.js';
import { trafficIssuesForFloors, trafficSchema } from './traffic.js';

/** Most floors a building has. */
export const MAX_FLOORS = 200;
/**
 * Most people on one floor any building definition may give (a hard bound of the format; the
 * backend's configurable work limits are lower, see `work-budget.ts`).
 */
export const MAX_FLOOR_POPULATION = 1_000_000;
const servedFloorsSchema = z
  .array(nonNegativeInt())
  .min(2, 'must list at least 2 floors')
  .max(MAX_FLOORS, `must list at most ${MAX_FLOORS} floors`);

export const floorSchema = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(16, 'must be at most 16 characters'),
  /** Height from this floor to the next one up, in metres (the top floor's value is unused). */
  height: positive().max(50, 'must be <= 50 m'),
  population: nonNegativeInt().max(
    MAX_FLOOR_POPULATION,
    `must be <= ${MAX_FLOOR_POPULATION.toLocaleString('en-US')}`,
  ),
  entrance: z.boolean().default(false),
});
export type Floor = z.output<typeof floorSchema>;

export const carSchema = z.strictObject({
  id: z.string().min(1).max(32).optional(),
  capacity: positiveInt().max(100, 'must be <= 100 persons'),
  /** Rated speed, m/s. */
  speed: positive().max(20, 'must be <= 20 m/s'),
  /** Rated acceleration, m/s². */
  acceleration: positive().max(5, 'must be <= 5 m/s²'),
  /** Jerk, m/s³. */
  jerk: positive().max(20, 'must be <= 20 m/s³'),
  doorOpenTime: nonNegative().max(30, 'must be <= 30 s').default(1.8),
  doorCloseTime: nonNegative().max(30, 'must be <= 30 s').default(2.9),
  /** Minimum time the doors stay fully open at a stop, s. */
  doorDwellTime: nonNegative().max(60, 'must be <= 60 s').default(2),
  startDelay: nonNegative().max(10, 'must be <= 10 s').default(0.5),
  /** Seconds per person per direction (boarding or alighting). */
  transferTime: positive().max(10, 'must be <= 10 s').default(1.1),
  homeFloor: nonNegativeInt(),
  /** Floors this car serves; defaults to its group's served floors. */
  servedFloors: servedFloorsSchema.optional(),
});
export type Car = z.output<typeof carSchema>;

/**
 * Where idle cars of a group go after the parking delay: `none` stays put, `lobby` returns to the
 * main entrance, `distributed` spreads idle cars over the group's zones, `auto` chooses lobby return
 * while incoming traffic dominates and distribution otherwise (what real controllers do).
 */
export const parkingPolicies = ['none', 'lobby', 'distributed', 'auto'] as const;
export const parkingPolicySchema = z.enum(parkingPolicies);
export type ParkingPolicy = z.output<typeof parkingPolicySchema>;

export const carGroupSchema = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(40),
  /** Floors served by the group (zoning). */
  servedFloors: servedFloorsSchema,
  cars: z.array(carSchema).min(1, 'must have at least one car').max(32, 'must have at most 32 cars'),
  parking: parkingPolicySchema.default('auto'),
  /** Doors reopen for a passenger who arrives while they are closing (light curtain / button). */
  doorReversal: z.boolean().default(true),
  /**
   * Share (0..1) of the trips this group can carry that use it where other groups serve the same
   * trip; unset → passengers choose the group with the shorter expected wait.
   */
  trafficShare: z.number().min(0, 'must be >= 0').max(1, 'must be <= 1').optional(),
});
export type CarGroup = z.output<typeof carGroupSchema>;

export const buildingSchema = z
  .strictObject({
    name: z.string().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
    floors: z
      .array(floorSchema)
      .min(2, 'must have at least 2 floors')
      .max(MAX_FLOORS, `must have at most ${MAX_FLOORS} floors`),
    groups: z.array(carGroupSchema).min(1, 'must have at least one car group').max(16),
    /** Fraction of capacity cars load to in practice (planning figure 0.8). */
    loadingFactor: z.number().gt(0, 'must be > 0').max(1, 'must be <= 1').default(0.8),
    /** Traffic used when a run does not name one. */
    defaultTraffic: trafficSchema.optional(),
  })
  .superRefine((b, ctx) => {
    const n = b.floors.length;
    const floorRule = `must be a floor index 0..${n - 1}`;
    if (!b.floors.some((f) => f.entrance))
      ctx.addIssue({ code: 'custom', path: ['floors'], message: 'must mark at least one floor as entrance' });
    const names = new Set<string>();
    b.floors.forEach((f, i) => {
      if (names.has(f.name))
        ctx.addIssue({
          code: 'custom',
          path: ['floors', i, 'name'],
          message: `duplicate floor name "${f.name}"`,
        });
      names.add(f.name);
    });
    const groupNames = new Set<string>();
    const carIds = new Set<string>();
    b.groups.forEach((g, gi) => {
      if (groupNames.has(g.name))
        ctx.addIssue({
          code: 'custom',
          path: ['groups', gi, 'name'],
          message: `duplicate group name "${g.name}"`,
        });
      groupNames.add(g.name);
      const checkServed = (served: number[], path: (string | number)[]) => {
        const seen = new Set<number>();
        served.forEach((f, k) => {
          if (f >= n) ctx.addIssue({ code: 'custom', path: [...path, k], message: floorRule });
          if (seen.has(f))
            ctx.addIssue({ code: 'custom', path: [...path, k], message: `duplicate floor ${f}` });
          seen.add(f);
        });
      };
      checkServed(g.servedFloors, ['groups', gi, 'servedFloors']);
      g.cars.forEach((c, ci) => {
        const served = c.servedFloors ?? g.servedFloors;
        if (c.servedFloors) {
          checkServed(c.servedFloors, ['groups', gi, 'cars', ci, 'servedFloors']);
          const outside = c.servedFloors.filter((f) => !g.servedFloors.includes(f));
          if (outside.length > 0)
            ctx.addIssue({
              code: 'custom',
              path: ['groups', gi, 'cars', ci, 'servedFloors'],
              message: `floors ${outside.join(', ')} are not served by the group`,
            });
        }
        if (!served.includes(c.homeFloor))
          ctx.addIssue({
            code: 'custom',
            path: ['groups', gi, 'cars', ci, 'homeFloor'],
            message: 'must be one of the floors the car serves',
          });
        if (c.id !== undefined) {
          if (carIds.has(c.id))
            ctx.addIssue({
              code: 'custom',
              path: ['groups', gi, 'cars', ci, 'id'],
              message: `duplicate car id "${c.id}"`,
            });
          carIds.add(c.id);
        }
      });
    });
    if (b.defaultTraffic) {
      for (const issue of trafficIssuesForFloors(b.defaultTraffic, n))
        ctx.addIssue({ code: 'custom', path: ['defaultTraffic', ...issue.path], message: issue.message });
    }
  });
export type Building = z.output<typeof buildingSchema>;
export type BuildingInput = z.input<typeof buildingSchema>;
