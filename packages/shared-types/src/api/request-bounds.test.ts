/**
 * Every array and string a request may carry has a maximum size, so validating any request stays
 * cheap (zod checks an array's length before it parses its elements) and no error report can grow
 * with the input. Checked on the JSON Schema of each request schema, the same view as the API docs.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  buildingArchiveBodySchema,
  buildingDuplicateBodySchema,
  buildingExportSchema,
  buildingListQuerySchema,
  buildingSchema,
  buildingVersionParamsSchema,
  controlRequestSchema,
  createRunBodySchema,
  createSessionBodySchema,
  datasetListQuerySchema,
  generateDatasetBodySchema,
  idParamsSchema,
  joinRequestSchema,
  modelFileSchema,
  runListQuerySchema,
  runSubscriptionSchema,
  scriptInputSchema,
  scriptListQuerySchema,
  sessionControlSchema,
  sessionListQuerySchema,
  trainModelBodySchema,
} from '../index.js';

const requestSchemas: Record<string, z.ZodType> = {
  buildingSchema,
  buildingExportSchema,
  buildingArchiveBodySchema,
  buildingDuplicateBodySchema,
  buildingListQuerySchema,
  buildingVersionParamsSchema,
  createSessionBodySchema,
  sessionListQuerySchema,
  sessionControlSchema,
  createRunBodySchema,
  runListQuerySchema,
  generateDatasetBodySchema,
  datasetListQuerySchema,
  trainModelBodySchema,
  modelFileSchema,
  scriptInputSchema,
  scriptListQuerySchema,
  idParamsSchema,
  // Socket.IO payloads
  joinRequestSchema,
  controlRequestSchema,
  runSubscriptionSchema,
};

type Json = { [key: string]: unknown };

/** Paths of arrays without maxItems and strings without maxLength (enums, constants and formats are bounded). */
function unbounded(node: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(node)) node.forEach((n, i) => unbounded(n, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const schema = node as Json;
    if (schema['type'] === 'array' && schema['maxItems'] === undefined && schema['prefixItems'] === undefined)
      out.push(path);
    if (
      schema['type'] === 'string' &&
      schema['maxLength'] === undefined &&
      schema['enum'] === undefined &&
      schema['const'] === undefined &&
      schema['format'] === undefined
    )
      out.push(path);
    for (const [key, value] of Object.entries(schema)) unbounded(value, `${path}/${key}`, out);
  }
  return out;
}

describe('request schemas are bounded', () => {
  for (const [name, schema] of Object.entries(requestSchemas)) {
    it(`${name}: every array has maxItems and every string maxLength`, () => {
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
      expect(unbounded(json, '#', [])).toEqual([]);
    });
  }
});
