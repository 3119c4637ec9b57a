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
});
