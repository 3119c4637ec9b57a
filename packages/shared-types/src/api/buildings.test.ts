import { describe, expect, it } from 'vitest';
import { issuesOf } from '../validation.js';
import { BUILDING_EXPORT_FORMAT, buildingDocumentSchema } from './buildings.js';

const building = {
  name: 'Small office',
  floors: [
    { name: 'G', height: 4, population: 0, entrance: true },
    { name: '1', height: 3.5, population: 50 },
    { name: '2', height: 3.5, population: 50 },
  ],
  groups: [
    {
      name: 'A',
      servedFloors: [0, 1, 2],
      cars: [{ capacity: 13, speed: 1.6, acceleration: 1, jerk: 1.5, homeFloor: 0 }],
    },
  ],
};
const envelope = { format: BUILDING_EXPORT_FORMAT, formatVersion: 1, exportedAt: 'now', building };

describe('buildingDocumentSchema', () => {
  it('reads a bare definition and an export file to the same definition', () => {
    const bare = buildingDocumentSchema.parse(building);
    expect(bare.name).toBe('Small office');
    expect(buildingDocumentSchema.parse(envelope)).toEqual(bare);
  });

  it('names the field at fault in either shape', () => {
    const broken = { ...building, loadingFactor: 3 };
    const bare = buildingDocumentSchema.safeParse(broken);
    expect(bare.success || issuesOf(bare.error)).toEqual([
      { path: 'loadingFactor', message: 'must be <= 1' },
    ]);
    const wrapped = buildingDocumentSchema.safeParse({ ...envelope, building: broken });
    expect(wrapped.success || issuesOf(wrapped.error)).toEqual([
      { path: 'building.loadingFactor', message: 'must be <= 1' },
    ]);
    const wrongFormat = buildingDocumentSchema.safeParse({ ...envelope, format: 'other' });
    expect(wrongFormat.success || issuesOf(wrongFormat.error)).toEqual([
      { path: 'format', message: `must be "${BUILDING_EXPORT_FORMAT}"` },
    ]);
    const extra = buildingDocumentSchema.safeParse({ ...building, colour: 'red' });
    expect(extra.success || issuesOf(extra.error)).toEqual([{ path: 'colour', message: 'unknown field' }]);
  });
});
