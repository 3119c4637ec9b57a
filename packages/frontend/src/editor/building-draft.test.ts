import { describe, expect, it } from 'vitest';
import {
  bulkAddFloors,
  draftIssue,
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

  it('carries parking, door reversal and traffic share through the schema shape and back', () => {
    const draft = newBuildingDraft();
    expect(draft.groups[0]).toMatchObject({ parking: 'auto', doorReversal: true });
    expect(Number.isNaN(draft.groups[0]!.trafficSharePercent)).toBe(true);
    // A blank share is no share at all.
    expect(toBuildingInput(draft).groups[0]).not.toHaveProperty('trafficShare');
    Object.assign(draft.groups[0]!, { parking: 'distributed', doorReversal: false, trafficSharePercent: 7 });
    const input = toBuildingInput(draft);
    expect(input.groups[0]).toMatchObject({
      parking: 'distributed',
      doorReversal: false,
      trafficShare: 0.07,
    });
    expect(validateDraft(draft).building?.groups[0]).toMatchObject({
      parking: 'distributed',
      trafficShare: 0.07,
    });
    const again = fromBuilding(input);
    expect(again.groups[0]).toMatchObject({
      parking: 'distributed',
      doorReversal: false,
      trafficSharePercent: 7,
    });
    // A definition written before these fields gets the schema's defaults.
    const { parking: _p, doorReversal: _d, trafficShare: _t, ...old } = input.groups[0]!;
    expect(fromBuilding({ ...input, groups: [old] }).groups[0]).toMatchObject({
      parking: 'auto',
      doorReversal: true,
    });
  });

  it('reports the traffic share against its percent field, in percent', () => {
    const draft = newBuildingDraft();
    draft.groups[0]!.trafficSharePercent = 120;
    expect(validateDraft(draft).errors['groups[0].trafficSharePercent']).toBe('must be <= 100 %');
    expect(draftPath('groups[0].trafficShare')).toBe('groups[0].trafficSharePercent');
    expect(draftIssue({ path: 'groups[1].trafficShare', message: 'must be >= 0' })).toEqual({
      path: 'groups[1].trafficSharePercent',
      message: 'must be >= 0 %',
    });
  });
});
