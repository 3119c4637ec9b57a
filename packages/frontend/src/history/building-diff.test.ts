import type { Building } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { buildingChanges } from './building-diff.js';

const base = (): Building =>
  ({
    name: 'Office',
    floors: [
      { name: 'G', height: 4.5, population: 0, entrance: true },
      { name: '1', height: 3.5, population: 80 },
    ],
    groups: [
      {
        name: 'Main',
        servedFloors: [0, 1],
        cars: [
          { capacity: 13, speed: 1.6 },
          { capacity: 13, speed: 1.6 },
        ],
      },
    ],
  }) as unknown as Building;

describe('buildingChanges', () => {
  it('names floors, groups and cars in the paths and shows before → after', () => {
    const to = base();
    to.name = 'Office B';
    (to.groups[0]!.cars[1] as { speed: number }).speed = 2.5;
    (to.floors[1] as { population: number }).population = 95;
    const changes = buildingChanges(base(), to);
    expect(changes).toEqual(
      expect.arrayContaining([
        { kind: 'changed', path: 'name', label: 'name', before: '"Office"', after: '"Office B"' },
        {
          kind: 'changed',
          path: 'groups[0].cars[1].speed',
          label: 'group "Main" › car 2 › speed',
          before: '1.6',
          after: '2.5',
        },
        {
          kind: 'changed',
          path: 'floors[1].population',
          label: 'floor "1" › population',
          before: '80',
          after: '95',
        },
      ]),
    );
    expect(changes).toHaveLength(3);
  });

  it('reports added and removed items, and nothing for equal versions', () => {
    const to = base();
    to.floors.push({ name: '2', height: 3.5, population: 60 } as Building['floors'][number]);
    to.groups[0]!.cars.pop();
    const changes = buildingChanges(base(), to);
    expect(changes.find((c) => c.path === 'floors[2]')).toMatchObject({ kind: 'added', label: 'floor "2"' });
    expect(changes.find((c) => c.path === 'groups[0].cars[1]')).toMatchObject({
      kind: 'removed',
      label: 'group "Main" › car 2',
    });
    expect(buildingChanges(base(), base())).toEqual([]);
  });
});
