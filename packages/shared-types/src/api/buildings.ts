import { z } from 'zod';
import { buildingSchema, type Building } from '../building.js';
import { pageQuerySchema, pageSchema, timestampSchema, uuidSchema, versionSchema } from './common.js';

export const buildingSummarySchema = z.object({
  id: uuidSchema,
  name: z.string(),
  archived: z.boolean(),
  currentVersion: z.number().int(),
  /** The account that created it (null: made by the CLI, before accounts, or by the local user). */
  ownerId: uuidSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type BuildingSummary = z.output<typeof buildingSummarySchema>;

/** A building with the definition of one of its versions (the current one unless asked otherwise). */
export const buildingDetailSchema = buildingSummarySchema.extend({
  version: z.number().int(),
  definition: buildingSchema,
});
export type BuildingDetail = z.output<typeof buildingDetailSchema>;

export const buildingVersionInfoSchema = z.object({ version: z.number().int(), createdAt: timestampSchema });
export type BuildingVersionInfo = z.output<typeof buildingVersionInfoSchema>;

export const buildingListQuerySchema = pageQuerySchema.extend({
  includeArchived: z
    .string()
    .max(8, 'must be true or false')
    .pipe(z.stringbool({ error: 'must be true or false' }))
    .default(false),
});
export const buildingPageSchema = pageSchema(buildingSummarySchema);

export const buildingVersionParamsSchema = z.object({
  id: uuidSchema,
  version: z.coerce.number({ error: 'must be a number' }).pipe(versionSchema),
});

export const buildingArchiveBodySchema = z.strictObject({
  archived: z.boolean({ error: 'must be true or false' }),
});

/** Duplicate a building: a new building (version 1) with the current definition, under a new name. */
export const buildingDuplicateBodySchema = z.strictObject({
  /** Defaults to the original name followed by " (copy)". */
  name: buildingSchema.shape.name.optional(),
});
export type BuildingDuplicateBody = z.input<typeof buildingDuplicateBodySchema>;

/** The name a duplicate gets by default: the original's followed by " (copy)", within the name limit. */
export function duplicateName(name: string, maxLength = 80): string {
  const suffix = ' (copy)';
  return name.slice(0, maxLength - suffix.length) + suffix;
}

/** The JSON file format of building export/import. */
export const BUILDING_EXPORT_FORMAT = 'hoistway.building' as const;
export const buildingExportSchema = z.strictObject({
  format: z.literal(BUILDING_EXPORT_FORMAT, { error: `must be "${BUILDING_EXPORT_FORMAT}"` }),
  formatVersion: z.literal(1, { error: 'must be 1' }),
  exportedAt: z.string().max(64).optional(),
  building: buildingSchema,
});
export type BuildingExport = z.output<typeof buildingExportSchema>;

/** An export file (`{ "format": "hoistway.building", … }`) rather than a bare building definition. */
export const isBuildingExport = (data: unknown): boolean =>
  typeof data === 'object' && data !== null && !Array.isArray(data) && 'format' in data;

/**
 * A building as a person has it in a file: the bare definition or its export file (the envelope
 * above); either way the output is the definition. Issues keep the paths of the document given
 * (`floors[2].height`, or `building.floors[2].height` inside an export file).
 */
export const buildingDocumentSchema = z
  .unknown()
  .transform((data, ctx): Building => {
    const parsed = isBuildingExport(data)
      ? buildingExportSchema.safeParse(data)
      : buildingSchema.safeParse(data);
    if (parsed.success) return 'format' in parsed.data ? parsed.data.building : parsed.data;
    // The issues as they are (codes, paths, unknown keys), so every caller reports them the same way.
    for (const issue of parsed.error.issues)
      ctx.issues.push({ ...issue, input: data } as (typeof ctx.issues)[number]);
    return z.NEVER;
  })
  .meta({
    description: `A building definition, or a building export file ({ "format": "${BUILDING_EXPORT_FORMAT}", "formatVersion": 1, "building": … })`,
  });
