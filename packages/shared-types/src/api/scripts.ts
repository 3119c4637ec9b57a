/** Dispatcher scripts of the playground: stored as text, run only in the browser. */
import { z } from 'zod';
import { pageQuerySchema, pageSchema, timestampSchema, uuidSchema } from './common.js';

/** Longest script the server stores, characters. */
export const MAX_SCRIPT_LENGTH = 65_536;
export const MAX_SCRIPT_NAME_LENGTH = 100;

export const scriptInputSchema = z.strictObject({
  name: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_SCRIPT_NAME_LENGTH, `must be at most ${MAX_SCRIPT_NAME_LENGTH} characters`),
  source: z
    .string({ error: 'must be a string' })
    .max(MAX_SCRIPT_LENGTH, `must be at most ${MAX_SCRIPT_LENGTH} characters`),
});
export type ScriptInput = z.input<typeof scriptInputSchema>;

export const scriptSummarySchema = z.object({
  id: uuidSchema,
  name: z.string(),
  /** Owning account; null until accounts exist. */
  ownerId: uuidSchema.nullable(),
  /** Length of the source, characters. */
  size: z.number().int(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type ScriptSummary = z.output<typeof scriptSummarySchema>;

export const scriptDetailSchema = scriptSummarySchema.extend({ source: z.string() });
export type ScriptDetail = z.output<typeof scriptDetailSchema>;

export const scriptListQuerySchema = pageQuerySchema;
export const scriptPageSchema = pageSchema(scriptSummarySchema);
