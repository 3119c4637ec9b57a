/**
 * PostgreSQL COPY text format for `training_samples`: tab-separated columns, one row per line, `\N` for
 * NULL, backslash escapes in text, arrays as `{1,2,3}`. Column order comes from the shared schema's
 * `trainingSampleCopyColumns`, so the encoder and the COPY statement cannot drift apart.
 */
import { trainingSampleCopyColumns } from '@hoistway/shared-types/db';
import type { TrainingSample } from './sample.js';

type CopyColumn = (typeof trainingSampleCopyColumns)[number];

/** Escapes what the text format treats specially: backslash, tab, newline, carriage return. */
export function escapeCopyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

/**
 * A `real` (float4) literal. The column keeps only float32 precision, so the value is rounded to
 * float32 here and printed with 9 significant digits, which identify a float32 exactly: the stored
 * value is the same as from the full double, with shorter text that is quicker to print and to parse.
 * Integers print as such; NaN and ±Infinity print as PostgreSQL spells them.
 */
export function copyReal(value: number): string {
  return Number.isInteger(value) ? String(value) : Math.fround(value).toPrecision(9);
}

function copyInteger(value: number): string {
  return String(value);
}

function copyNullableReal(value: number | null): string {
  return value === null ? '\\N' : copyReal(value);
}

/** `real[]` literal; numbers never need quoting inside `{}`. */
export function copyRealArray(values: readonly number[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) out += (i > 0 ? ',' : '') + copyReal(values[i]!);
  return out + '}';
}

type Encoder = (s: TrainingSample, datasetId: string) => string;

/** Per column: its encoder, and whether it is the same for every candidate row of a decision. */
const columnEncoders: Record<CopyColumn, { encode: Encoder; perDecision: boolean }> = {
  dataset_id: { encode: (_s, datasetId) => datasetId, perDecision: true },
  episode: { encode: (s) => copyInteger(s.episode), perDecision: true },
  decision: { encode: (s) => copyInteger(s.decision), perDecision: true },
  sim_time: { encode: (s) => copyReal(s.simTime), perDecision: true },
  candidate: { encode: (s) => copyInteger(s.candidate), perDecision: false },
  car_id: { encode: (s) => escapeCopyText(s.carId), perDecision: false },
  features: { encode: (s) => copyRealArray(s.features), perDecision: false },
  chosen: { encode: (s) => (s.chosen ? 't' : 'f'), perDecision: false },
  policy: { encode: (s) => escapeCopyText(s.policy), perDecision: true },
  wait_time: { encode: (s) => copyNullableReal(s.waitTime), perDecision: true },
  ride_time: { encode: (s) => copyNullableReal(s.rideTime), perDecision: true },
  passengers: { encode: (s) => copyInteger(s.passengers), perDecision: true },
  cost: { encode: (s) => copyNullableReal(s.cost), perDecision: false },
};
const columns = trainingSampleCopyColumns.map((column) => columnEncoders[column]);

/** One COPY text line, newline included. */
export function encodeSampleLine(sample: TrainingSample, datasetId: string): string {
  let line = '';
  for (let i = 0; i < columns.length; i++)
    line += (i > 0 ? '\t' : '') + columns[i]!.encode(sample, datasetId);
  return line + '\n';
}

/**
 * The rows as COPY text in chunks of roughly `chunkChars` characters, so the socket gets large writes
 * (few syscalls) without one giant string per episode. Decision-level columns are encoded once per
 * decision (rows of a decision are consecutive), which roughly halves the formatting work.
 */
export function* encodeSampleChunks(
  samples: readonly TrainingSample[],
  datasetId: string,
  chunkChars = 256 * 1024,
): Generator<string> {
  const cached: string[] = new Array<string>(columns.length);
  let cachedFor: TrainingSample | null = null;
  let chunk = '';
  for (const sample of samples) {
    const sameDecision =
      cachedFor !== null && cachedFor.decision === sample.decision && cachedFor.episode === sample.episode;
    if (!sameDecision) cachedFor = sample;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      let text: string;
      if (!column.perDecision) text = column.encode(sample, datasetId);
      else if (sameDecision) text = cached[i]!;
      else text = cached[i] = column.encode(sample, datasetId);
      chunk += i > 0 ? '\t' + text : text;
    }
    chunk += '\n';
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** `COPY training_samples (...) FROM STDIN`, column list from the shared schema (constants, no user input). */
export const copyTrainingSamplesSql = `COPY training_samples (${trainingSampleCopyColumns.join(', ')}) FROM STDIN`;
