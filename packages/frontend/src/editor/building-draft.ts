/**
 * The building editor's working copy. A car group is edited as "count × one car spec" (how a
 * consultant specifies a group); cars that differ from that spec (an imported group with one larger
 * car, cars with their own ids or served floors) keep their differences in `cars`, so a building
 * round-trips unchanged. `toBuildingInput` expands it into the schema's per-car list, and
 * `draftIssues` maps the shared schema's field issues back onto the draft's fields.
 */
import {
  buildingSchema,
  issuesOf,
  type Building,
  type BuildingInput,
  type Car,
  type FieldIssue,
  type ParkingPolicy,
  type Traffic,
} from '@hoistway/shared-types';
import { formatFloorRanges, parseFloorRanges } from './floor-ranges.js';

export interface FloorDraft {
  name: string;
  height: number;
  population: number;
  entrance: boolean;
}

export type CarSpecDraft = Required<Omit<Car, 'id' | 'servedFloors'>>;

/** What one car keeps of its own: its id and where it differs from its group's spec. */
export interface CarDraft {
  /** The car's id as loaded; null: the building gave it none (the engine names it `group + n`). */
  id: string | null;
  /** Spec fields in which this car differs from the group's `car`. */
  differs: Partial<CarSpecDraft>;
  servedFloors?: number[];
}

export interface GroupDraft {
  name: string;
  /** Served floors as typed, e.g. `0-20, 25`. */
  served: string;
  count: number;
  /** The spec the group's cars share (the most common value of each field). */
  car: CarSpecDraft;
  /** Per car by position, as loaded; cars beyond the list (added in the editor) are plain `car`s named `group + n`. */
  cars?: CarDraft[];
  parking: ParkingPolicy;
  doorReversal: boolean;
  /** Traffic share in percent as typed; NaN (a blank field) leaves it unset. */
  trafficSharePercent: number;
}

export interface BuildingDraft {
  name: string;
  loadingFactor: number;
  floors: FloorDraft[];
  groups: GroupDraft[];
  /** Kept as imported; edited on the new-session screen. */
  defaultTraffic?: Traffic;
}

export const defaultCarSpec = (): CarSpecDraft => ({
  capacity: 13,
  speed: 1.6,
  acceleration: 1,
  jerk: 1.5,
  doorOpenTime: 1.8,
  doorCloseTime: 2.9,
  doorDwellTime: 2,
  startDelay: 0.5,
  transferTime: 1.1,
  homeFloor: 0,
});

/** A new group's settings besides name, floors and cars: the schema's defaults. */
export const defaultGroupSettings = (): Pick<
  GroupDraft,
  'parking' | 'doorReversal' | 'trafficSharePercent'
> => ({
  parking: 'auto',
  doorReversal: true,
  trafficSharePercent: Number.NaN,
});

/** A small office: ground-floor lobby, 9 office floors, one group of 3 cars. */
export function newBuildingDraft(): BuildingDraft {
  const floors: FloorDraft[] = [{ name: 'G', height: 4.5, population: 0, entrance: true }];
  for (let i = 1; i <= 9; i++) floors.push({ name: String(i), height: 3.6, population: 80, entrance: false });
  return {
    name: 'New office building',
    loadingFactor: 0.8,
    floors,
    groups: [{ name: 'A', served: '0-9', count: 3, car: defaultCarSpec(), ...defaultGroupSettings() }],
  };
}

/** Appends `count` floors named after the last numeric floor name. */
export function bulkAddFloors(draft: BuildingDraft, count: number, height: number, population: number): void {
  const last = draft.floors[draft.floors.length - 1];
  let next = last && /^\d+$/.test(last.name) ? Number(last.name) + 1 : draft.floors.length;
  const names = new Set(draft.floors.map((f) => f.name));
  for (let i = 0; i < count; i++) {
    while (names.has(String(next))) next++;
    names.add(String(next));
    draft.floors.push({ name: String(next), height, population, entrance: false });
    next++;
  }
}

export function toBuildingInput(draft: BuildingDraft): BuildingInput {
  return {
    name: draft.name,
    loadingFactor: draft.loadingFactor,
    floors: draft.floors.map((f) => ({ ...f })),
    groups: draft.groups.map((g) => {
      const served = parseFloorRanges(g.served);
      const count = Number.isInteger(g.count) && g.count > 0 ? Math.min(g.count, 64) : 0;
      const kept = new Set((g.cars ?? []).slice(0, count).flatMap((c) => (c.id ? [c.id] : [])));
      let n = 0;
      const freshId = () => {
        let id: string;
        do id = `${g.name}${++n}`;
        while (kept.has(id));
        return id;
      };
      return {
        name: g.name,
        servedFloors: served.ok ? served.floors : [],
        cars: Array.from({ length: count }, (_, i) => {
          const own = g.cars?.[i];
          if (!own) return { id: freshId(), ...g.car };
          return {
            ...(own.id === null ? {} : { id: own.id }),
            ...g.car,
            ...own.differs,
            ...(own.servedFloors ? { servedFloors: [...own.servedFloors] } : {}),
          };
        }),
        parking: g.parking,
        doorReversal: g.doorReversal,
        ...(Number.isNaN(g.trafficSharePercent) ? {} : { trafficShare: g.trafficSharePercent / 100 }),
      };
    }),
    ...(draft.defaultTraffic ? { defaultTraffic: draft.defaultTraffic } : {}),
  };
}

export function fromBuilding(b: BuildingInput): BuildingDraft {
  return {
    name: b.name,
    loadingFactor: b.loadingFactor ?? 0.8,
    floors: b.floors.map((f) => ({ ...f, entrance: f.entrance ?? false })),
    groups: b.groups.map((g) => {
      const specs = g.cars.map((c) => ({ ...defaultCarSpec(), ...stripCar(c) }));
      const car = commonSpec(specs);
      return {
        name: g.name,
        served: formatFloorRanges(g.servedFloors),
        count: g.cars.length,
        car,
        cars: g.cars.map((c, i) => ({
          id: c.id ?? null,
          differs: specDifferences(specs[i]!, car),
          ...(c.servedFloors ? { servedFloors: [...c.servedFloors] } : {}),
        })),
        parking: g.parking ?? 'auto',
        doorReversal: g.doorReversal ?? true,
        // 12 significant digits: 0.07 × 100 shows as 7, not 7.000000000000001.
        trafficSharePercent:
          g.trafficShare === undefined ? Number.NaN : Number((g.trafficShare * 100).toPrecision(12)),
      };
    }),
    ...(b.defaultTraffic ? { defaultTraffic: b.defaultTraffic as Traffic } : {}),
  };
}

/** Per field, the value most cars have (the first car's on a tie). */
function commonSpec(specs: CarSpecDraft[]): CarSpecDraft {
  const out = defaultCarSpec();
  if (specs.length === 0) return out;
  for (const key of Object.keys(out) as (keyof CarSpecDraft)[]) {
    const counts = new Map<number, number>();
    for (const s of specs) counts.set(s[key], (counts.get(s[key]) ?? 0) + 1);
    let best = specs[0]![key];
    for (const [value, n] of counts) if (n > counts.get(best)!) best = value;
    out[key] = best;
  }
  return out;
}

/** The fields of `spec` that differ from `base`. */
export function specDifferences(spec: CarSpecDraft, base: CarSpecDraft): Partial<CarSpecDraft> {
  const out: Partial<CarSpecDraft> = {};
  for (const key of Object.keys(base) as (keyof CarSpecDraft)[])
    if (spec[key] !== base[key]) out[key] = spec[key];
  return out;
}

function stripCar(car: BuildingInput['groups'][number]['cars'][number]): Partial<CarSpecDraft> {
  const { id: _id, servedFloors: _served, ...spec } = car;
  return spec;
}

/**
 * `groups[0].cars[3].speed` → `groups[0].car.speed`; served floor entries → `groups[0].served`;
 * `groups[0].trafficShare` → `groups[0].trafficSharePercent`.
 */
export function draftPath(path: string): string {
  return path
    .replace(/^(groups\[\d+\])\.cars$/, '$1.count')
    .replace(/^(groups\[\d+\])\.cars\[\d+\]/, '$1.car')
    .replace(/^(groups\[\d+\])\.servedFloors.*$/, '$1.served')
    .replace(/^(groups\[\d+\])\.trafficShare$/, '$1.trafficSharePercent');
}

/** A schema issue (from the client or the server) on the draft field it belongs to, in the field's units. */
export function draftIssue(issue: FieldIssue): FieldIssue {
  return inPercent({ ...issue, path: draftPath(issue.path) });
}

/** The schema states the share as a fraction (`must be <= 1`); the field is in percent (`must be <= 100 %`). */
function inPercent(issue: FieldIssue): FieldIssue {
  if (!issue.path.endsWith('.trafficSharePercent')) return issue;
  return { ...issue, message: issue.message.replace(/-?\d+(\.\d+)?/g, (n) => `${Number(n) * 100} %`) };
}

export interface DraftValidation {
  building: Building | null;
  /** First message per draft field path (e.g. `floors[2].height`, `groups[0].car.speed`). */
  errors: Record<string, string>;
  issues: FieldIssue[];
}

/** Validates with the shared schema; unparsable floor lists are reported on the group's field. */
export function validateDraft(draft: BuildingDraft): DraftValidation {
  const issues: FieldIssue[] = [];
  draft.groups.forEach((g, i) => {
    if (!Number.isInteger(g.count) || g.count < 1)
      issues.push({ path: `groups[${i}].count`, message: 'must be a whole number >= 1' });
    const served = parseFloorRanges(g.served);
    if (!served.ok) issues.push({ path: `groups[${i}].served`, message: served.message });
  });
  const parsed = buildingSchema.safeParse(toBuildingInput(draft));
  if (!parsed.success) issues.push(...issuesOf(parsed.error).map(draftIssue));
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.path] ??= issue.message;
  return { building: issues.length === 0 && parsed.success ? parsed.data : null, errors, issues };
}
