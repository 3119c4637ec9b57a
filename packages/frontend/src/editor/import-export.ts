import {
  BUILDING_EXPORT_FORMAT,
  buildingDocumentSchema,
  issuesOf,
  type BuildingExport,
  type BuildingInput,
  type FieldIssue,
} from '@hoistway/shared-types';

/** Reads an export file (`hoistway.building`) or a bare building definition. */
export function parseBuildingFile(
  text: string,
): { ok: true; building: BuildingInput } | { ok: false; issues: FieldIssue[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [{ path: '(file)', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  // The same reading as the API's and the CLI's: a bare definition or the export envelope.
  const parsed = buildingDocumentSchema.safeParse(json);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  return { ok: true, building: parsed.data };
}

export function buildingExportJson(building: BuildingInput): string {
  const file: Omit<BuildingExport, 'building'> & { building: BuildingInput } = {
    format: BUILDING_EXPORT_FORMAT,
    formatVersion: 1,
    exportedAt: new Date().toISOString(),
    building,
  };
  return JSON.stringify(file, null, 2);
}

export function downloadText(filename: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
