import { describe, expect, it } from 'vitest';
import { fromBuilding, newBuildingDraft, toBuildingInput } from './building-draft.js';
import { buildingExportJson, parseBuildingFile } from './import-export.js';

describe('building import/export', () => {
  it('reads back what it exports', () => {
    const building = toBuildingInput(newBuildingDraft());
    const parsed = parseBuildingFile(buildingExportJson(building));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.building.floors).toHaveLength(10);
  });

  it('round-trips the group settings: parking, door reversal, traffic share', () => {
    const draft = newBuildingDraft();
    Object.assign(draft.groups[0]!, { parking: 'lobby', doorReversal: false, trafficSharePercent: 40 });
    const parsed = parseBuildingFile(buildingExportJson(toBuildingInput(draft)));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.building.groups[0]).toMatchObject({
        parking: 'lobby',
        doorReversal: false,
        trafficShare: 0.4,
      });
      expect(fromBuilding(parsed.building).groups[0]).toMatchObject({
        parking: 'lobby',
        doorReversal: false,
        trafficSharePercent: 40,
      });
    }
  });

  it('accepts a bare building definition', () => {
    const building = toBuildingInput(newBuildingDraft());
    expect(parseBuildingFile(JSON.stringify(building)).ok).toBe(true);
  });

  it('reports broken JSON and schema problems with their paths', () => {
    expect(parseBuildingFile('{oops')).toMatchObject({ ok: false, issues: [{ path: '(file)' }] });
    const bad = { ...toBuildingInput(newBuildingDraft()), loadingFactor: 3 };
    const parsed = parseBuildingFile(
      JSON.stringify({ format: 'hoistway.building', formatVersion: 1, building: bad }),
    );
    expect(parsed).toMatchObject({
      ok: false,
      issues: [{ path: 'building.loadingFactor', message: 'must be <= 1' }],
    });
  });

  it('keeps cars that differ within a group, and every car id, through import and export', () => {
    const base = toBuildingInput(newBuildingDraft());
    const spec = { ...base.groups[0]!.cars[0]! };
    delete spec.id;
    const building = {
      ...base,
      groups: [
        {
          ...base.groups[0]!,
          name: 'Low',
          cars: [
            { ...spec, id: 'L1' },
            { ...spec, id: 'L2' },
            { ...spec, id: 'BIG', capacity: 20, speed: 2.5 },
            { ...spec, id: 'L4', servedFloors: [0, 1, 2] },
          ],
        },
      ],
    };
    const imported = parseBuildingFile(buildingExportJson(building));
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const draft = fromBuilding(imported.building);
    expect(draft.groups[0]!.car.capacity).toBe(13); // the spec most cars share
    const exported = parseBuildingFile(buildingExportJson(toBuildingInput(draft)));
    expect(exported.ok && exported.building.groups[0]!.cars).toEqual(building.groups[0]!.cars);
    // The shared spec still edits every car that does not differ in that field.
    draft.groups[0]!.car.capacity = 16;
    expect(toBuildingInput(draft).groups[0]!.cars.map((c) => [c.id, c.capacity])).toEqual([
      ['L1', 16],
      ['L2', 16],
      ['BIG', 20],
      ['L4', 16],
    ]);
    // Cars added in the editor get fresh ids that do not clash with the kept ones.
    draft.groups[0]!.count = 6;
    expect(toBuildingInput(draft).groups[0]!.cars.map((c) => c.id)).toEqual([
      'L1',
      'L2',
      'BIG',
      'L4',
      'Low1',
      'Low2',
    ]);
  });
});
