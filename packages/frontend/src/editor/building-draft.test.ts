import { describe, expect, it } from 'vitest';
import {
  bulkAddFloors,
  draftPath,
  fromBuilding,
  newBuildingDraft,
  toBuildingInput,
  validateDraft,
} from './building-draft.js';
import { formatFloorRanges, parseFloorRanges } from './floor-ranges.js';

describe('floor ranges', () => {
  it('parses ranges and single floors, sorted and deduplicated', () => {
    expect(parseFloorRanges('0-3, 7, 2, 10–11')).toEqual({ ok: true, floors: [0, 1, 2, 3, 7, 10, 11] });
  });
  it('rejects junk and backwards ranges with a message', () => {
    expect(parseFloorRanges('0-3, x')).toMatchObject({ ok: false, message: expect.stringContaining('"x"') });
    expect(parseFloorRanges('5-2')).toMatchObject({
      ok: false,
      message: expect.stringContaining('backwards'),
    });
    expect(parseFloorRanges(' ')).toMatchObject({ ok: false });
  });
  it('formats back to compact ranges', () => {
    expect(formatFloorRanges([0, 1, 2, 3, 7, 10, 11])).toBe('0-3, 7, 10-11');
  });
});

describe('building draft validation', () => {
  it('accepts the default draft and expands count × spec into cars', () => {
    const draft = newBuildingDraft();
    const v = validateDraft(draft);
    expect(v.issues).toEqual([]);
    expect(v.building?.groups[0]!.cars).toHaveLength(3);
    expect(v.building?.groups[0]!.servedFloors).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reports field errors from the shared schema on the draft fields', () => {
    const draft = newBuildingDraft();
    draft.floors[2]!.height = -1;
    draft.groups[0]!.car.speed = 0;
    draft.floors[3]!.name = '1'; // duplicate of floor 1
    const v = validateDraft(draft);
    expect(v.building).toBeNull();
    expect(v.errors['floors[2].height']).toBe('must be > 0');
    expect(v.errors['groups[0].car.speed']).toBe('must be > 0');
    expect(v.errors['floors[3].name']).toContain('duplicate floor name');
  });

  it('reports a blank number as "must be a number"', () => {
    const draft = newBuildingDraft();
    draft.floors[1]!.population = Number.NaN;
    expect(validateDraft(draft).errors['floors[1].population']).toBe('must be a number');
  });

  it('puts served-floor problems on the group field', () => {
    const draft = newBuildingDraft();
    draft.groups[0]!.served = '0-12';
    expect(validateDraft(draft).errors['groups[0].served']).toContain('floor index 0..9');
    draft.groups[0]!.served = 'ground';
    expect(validateDraft(draft).errors['groups[0].served']).toContain('"ground"');
  });

  it('requires an entrance floor and at least one car', () => {
    const draft = newBuildingDraft();
    draft.floors[0]!.entrance = false;
    draft.groups[0]!.count = 0;
    const v = validateDraft(draft);
    expect(v.errors['floors']).toContain('entrance');
    expect(v.errors['groups[0].count']).toBeDefined();
  });

  it('maps server paths onto draft fields', () => {
    expect(draftPath('groups[1].cars[4].jerk')).toBe('groups[1].car.jerk');
    expect(draftPath('groups[0].servedFloors[3]')).toBe('groups[0].served');
    expect(draftPath('floors[2].height')).toBe('floors[2].height');
  });

  it('bulk-adds numbered floors and round-trips through the schema shape', () => {
    const draft = newBuildingDraft();
    bulkAddFloors(draft, 3, 3.8, 50);
    expect(draft.floors.slice(-3).map((f) => f.name)).toEqual(['10', '11', '12']);
    const again = fromBuilding(toBuildingInput(draft));
    expect(again.floors).toEqual(draft.floors);
    expect(again.groups[0]!.count).toBe(3);
    expect(again.groups[0]!.served).toBe('0-9');
  });
});
