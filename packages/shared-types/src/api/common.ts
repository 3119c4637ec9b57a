/** Building blocks of the REST API's request and response schemas (the backend and the web app share them). */
import { z } from 'zod';
import { positiveInt } from '../validation.js';
import { cursorSchema } from './cursor.js';

export const uuidSchema = z.uuid({ error: 'must be a UUID' });

/** A building version number (a PostgreSQL integer). */
export const MAX_VERSION = 2_147_483_647;
export const versionSchema = positiveInt().max(MAX_VERSION, `must be <= ${MAX_VERSION}`);

export const idParamsSchema = z.object({ id: uuidSchema });
export type IdParams = z.output<typeof idParamsSchema>;

export const apiErrorSchema = z.object({
  /** HTTP reason phrase, e.g. `Bad Request`. */
  error: z.string(),
  message: z.string(),
  /** At most MAX_REPORTED_ISSUES (20) field issues. */
  details: z.array(z.object({ path: z.string(), message: z.string() })),
  /** How many issues were found, when that is more than `details` lists. */
  issueCount: z.number().int().optional(),
});
export type ApiError = z.output<typeof apiErrorSchema>;

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

/** Keyset pagination: `cursor` is the opaque `nextCursor` of the previous page. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be >= 1')
    .max(MAX_PAGE_SIZE, `must be <= ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
  cursor: cursorSchema.optional(),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** ISO 8601 timestamps in responses. */
export const timestampSchema = z.string();
