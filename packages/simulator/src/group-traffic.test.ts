import { buildingSchema, type Building, type BuildingInput, type Traffic } from '@hoistway/shared-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupsWithoutTraffic } from './group-traffic.js';

const car = (over: Record<string, unknown> = {}) => ({
  capacity: 13,
  speed: 1.6,
  acceleration: 1,
  jerk: 1.5,
  homeFloor: 0,
  ...over,
});

/** G (entrance), 1–5 with 60 persons each, 6 and 7 empty plant floors. */
function building(groups: BuildingInput['groups'], populations = [0, 60, 60, 60, 60, 60, 0, 0]): Building {
  return buildingSchema.parse({
    name: 'groups',
    floors: populations.map((population, i) => ({
      name: i === 0 ? 'G' : String(i),
      height: 3.5,
      population,
      entrance: i === 0,
    })),
    groups,
  });
}

function group(name: string, servedFloors: number[], over: Record<string, unknown> = {}, carOver = {}) {
  return { name, servedFloors, cars: [car({ homeFloor: servedFloors[0]!, ...carOver })], ...over };
}

const ALL = [0, 1, 2, 3, 4, 5, 6, 7];
const reasons = (b: Building, traffic?: Traffic) =>
  groupsWithoutTraffic(b, traffic).map((g) => [g.index, g.name, g.reason]);

describe('groupsWithoutTraffic', () => {
  it('finds nothing wrong with one group serving the whole building', () => {
    expect(groupsWithoutTraffic(building([group('A', ALL)]))).toEqual([]);
  });

  it('flags groups serving fewer than two floors with population or an entrance', () => {
    const b = building([group('A', ALL), group('Plant lift', [0, 6, 7]), group('Dumb', [6, 7])]);
    expect(groupsWithoutTraffic(b)).toEqual([
      {
        index: 1,
        name: 'Plant lift',
        reason: 'too-few-floors',
        message: 'serves fewer than two floors with population or an entrance',
      },
      {
        index: 2,
        name: 'Dumb',
        reason: 'too-few-floors',
        message: 'serves only floors with no population and no entrance',
      },
    ]);
  });

  it('flags a group whose trafficShare is 0 where every trip it serves has another group', () => {
    const b = building([group('A', ALL), group('B', [0, 1, 2, 3], { trafficShare: 0 })]);
    const [flagged, ...rest] = groupsWithoutTraffic(b);
    expect(rest).toEqual([]);
    expect(flagged).toMatchObject({ index: 1, reason: 'share-zero' });
    expect(flagged!.message).toBe('its trafficShare is 0 and every trip it serves is also served by "A"');
    // A trip only B serves is B's whatever its share says.
    const own = building([group('A', [0, 1, 2, 3, 4]), group('B', [0, 4, 5], { trafficShare: 0 })]);
    expect(groupsWithoutTraffic(own)).toEqual([]);
  });

  it('flags every group when all the groups sharing the trips have trafficShare 0', () => {
    const b = building([group('A', ALL, { trafficShare: 0 }), group('B', ALL, { trafficShare: 0 })]);
    expect(reasons(b)).toEqual([
      [0, 'A', 'all-shares-zero'],
      [1, 'B', 'all-shares-zero'],
    ]);
    expect(groupsWithoutTraffic(b)[0]!.message).toContain('no group is given them');
  });

  it('flags a group without a share when the others take all of its trips', () => {
    const b = building([group('A', ALL, { trafficShare: 1 }), group('B', ALL)]);
    expect(reasons(b)).toEqual([[1, 'B', 'taken-by-others']]);
    expect(groupsWithoutTraffic(b)[0]!.message).toContain('the trafficShares of "A" add up to 100 %');
    // A share below 100 % leaves B the rest.
    expect(reasons(building([group('A', ALL, { trafficShare: 0.7 }), group('B', ALL)]))).toEqual([]);
  });

  it('without shares, every group serving a shared trip receives some of it', () => {
    // Passengers pick the shorter expected wait at the moment (interval and queue), so the slower
    // group still gets the trips its faster rival is too busy for.
    const fast = { speed: 3 };
    expect(groupsWithoutTraffic(building([group('Slow', ALL), group('Fast', ALL, {}, fast)]))).toEqual([]);
    expect(groupsWithoutTraffic(building([group('A', ALL), group('B', ALL)]))).toEqual([]);
  });

  it('checks the trips of a given traffic', () => {
    // A shuttle between the lobby and floor 1 carries no interfloor trip.
    const b = building([group('A', ALL), group('Shuttle', [0, 1])]);
    expect(reasons(b)).toEqual([]);
    const interfloor: Traffic = { kind: 'template', template: 'interfloor', intensity: 5 };
    expect(reasons(b, interfloor)).toEqual([[1, 'Shuttle', 'no-trips']]);
    expect(groupsWithoutTraffic(b, interfloor)[0]!.message).toBe(
      'no trip of the traffic runs between the floors it serves',
    );
    const upPeak: Traffic = { kind: 'template', template: 'up-peak', intensity: 12 };
    expect(reasons(b, upPeak)).toEqual([]);
    const list: Traffic = {
      kind: 'passengers',
      passengers: [{ time: 0, origin: 2, destination: 5, count: 1 }],
    };
    expect(reasons(b, list)).toEqual([[1, 'Shuttle', 'no-trips']]);
    // Floor 1 → G: both serve it, the shuttle waits less; floor 2 → G only A serves.
    const od: Traffic = {
      kind: 'od',
      repeat: true,
      periods: [
        {
          duration: 600,
          rates: [0, 10, 10, 0, 0, 0, 0, 0],
          matrix: [[], [1, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0]],
        },
      ],
    };
    expect(reasons(b, od)).toEqual([]);
    // Only floor 1 → G, which both serve: the shuttle takes it all when it states 100 %.
    const od1: Traffic = { ...od, periods: [{ ...od.periods[0]!, rates: [0, 10, 0, 0, 0, 0, 0, 0] }] };
    expect(reasons(b, od1)).toEqual([]);
    const withShare = building([group('A', ALL), group('Shuttle', [0, 1], { trafficShare: 1 })]);
    expect(reasons(withShare, od1)).toEqual([[0, 'A', 'taken-by-others']]);
  });

  it('flags a group between two entrances only (no trip joins two entrances)', () => {
    const b = building([group('A', ALL), group('Link', [0, 7])]);
    b.floors[7]!.entrance = true;
    expect(reasons(b)).toEqual([[1, 'Link', 'no-trips']]);
  });

  it('property: never throws on valid buildings and traffic, and names real groups', () => {
    const groupArb = fc.record({
      served: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 2, maxLength: 8 }),
      share: fc.option(fc.constantFrom(0, 0.3, 1), { nil: undefined }),
      speed: fc.constantFrom(1, 2.5),
    });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 8, maxLength: 8 }),
        fc.array(groupArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<Traffic | undefined>(
          undefined,
          { kind: 'template', template: 'lunch', intensity: 10 },
          { kind: 'template', template: 'daily', intensity: 10 },
          { kind: 'passengers', passengers: [{ time: 0, origin: 0, destination: 7, count: 2 }] },
        ),
        (populations, specs, traffic) => {
          const b = building(
            specs.map((s, i) =>
              group(`G${i}`, s.served, s.share === undefined ? {} : { trafficShare: s.share }, {
                speed: s.speed,
              }),
            ),
            populations,
          );
          const found = groupsWithoutTraffic(b, traffic);
          for (const g of found) expect(b.groups[g.index]!.name).toBe(g.name);
          expect(new Set(found.map((g) => g.index)).size).toBe(found.length);
          // Whatever the shares, every trip some group serves goes somewhere: not every group is idle.
          if (found.length === b.groups.length && traffic === undefined)
            expect(found.every((g) => g.reason !== 'taken-by-others')).toBe(true);
        },
      ),
    );
  });
});
