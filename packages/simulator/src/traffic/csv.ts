import {
  passengerListTrafficSchema,
  validate,
  type Building,
  type FieldIssue,
  type PassengerListTraffic,
  type PassengerSpec,
} from '@hoistway/shared-types';
import Papa from 'papaparse';
import { TrafficInputError } from './errors.js';

const COLUMNS = ['time', 'origin', 'destination', 'count'] as const;
type Column = (typeof COLUMNS)[number];
const MAX_ISSUES = 50;

/**
 * Reads a passenger list: `time,origin,destination[,count]` per line. An optional header line names
 * the columns (any order; `count` optional). Fields follow RFC 4180 (a quoted field may hold commas,
 * `""` quotes and line breaks). Blank lines and lines starting with `#` are skipped.
 * A floor is given by name (exact match, e.g. `G`) or, failing that, by index; names win because
 * they are what users see (in a building `B1,G,1,2`, `1` means the floor named "1", index 2).
 * Throws TrafficInputError with paths like `line 7.origin`.
 */
export function parsePassengerCsv(text: string, building: Building): PassengerListTraffic {
  return readPassengerCsv(text, building).traffic;
}

/**
 * parsePassengerCsv that also tells the line each passenger came from (`lines[i]` for
 * `passengers[i]`), so later checks (zoning, the API's limits) can name the line too.
 */
export function readPassengerCsv(
  text: string,
  building: Building,
): { traffic: PassengerListTraffic; lines: number[] } {
  const lines: number[] = [];
  const floorByName = new Map(building.floors.map((f, i) => [f.name, i]));
  const issues: FieldIssue[] = [];
  const passengers: PassengerSpec[] = [];
  let columns: readonly Column[] | undefined;

  for (const { fields, lineNo, error } of csvRows(text)) {
    if (error) {
      issues.push({ path: `line ${lineNo}`, message: error });
      if (issues.length >= MAX_ISSUES) break;
      continue;
    }
    if (fields[0]?.startsWith('#')) continue;
    if (columns === undefined) {
      columns = COLUMNS;
      // A header names columns; a data line starts with a number (its time).
      if (looksLikeHeader(fields) && !Number.isFinite(Number(fields[0]))) {
        const header = parseHeader(fields, lineNo, issues);
        if (header) columns = header;
        continue;
      }
    }
    const row = parseRow(fields, columns, lineNo, floorByName, building.floors.length, issues);
    if (row) {
      passengers.push(row);
      lines.push(lineNo);
    }
    if (issues.length >= MAX_ISSUES) break;
  }
  if (issues.length > 0) throw new TrafficInputError(issues);
  const checked = validate(passengerListTrafficSchema, { kind: 'passengers', passengers });
  if (!checked.ok) throw new TrafficInputError(checked.issues);
  return { traffic: checked.value, lines };
}

interface CsvRow {
  /** Trimmed fields, quotes removed (a quoted field may hold commas, quotes as `""` and line breaks). */
  fields: string[];
  /** 1-based line where the row starts. */
  lineNo: number;
  /** What the CSV parser could not read in this row (e.g. an unclosed quote). */
  error?: string;
}

/**
 * Splits the text into rows with Papa Parse (RFC 4180 quoting), remembering the line each row starts
 * on so that issues name it. Blank lines are skipped, and so are lines starting with `#`; the caller
 * skips indented comments.
 */
function csvRows(text: string): CsvRow[] {
  // Spreadsheets often start the file with a byte-order mark.
  const source = text.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  let cursor = 0;
  let line = 1;
  const advanceTo = (offset: number) => {
    for (let k = cursor; k < offset; k++) if (source.charCodeAt(k) === 10) line++;
    cursor = offset;
  };
  Papa.parse<string[]>(source, {
    delimiter: ',',
    comments: '#',
    skipEmptyLines: 'greedy',
    step: (result) => {
      // The row starts after the previous row's line break and any blank or comment lines the parser
      // skipped (it skips comments only when `#` is the line's first character).
      const blank = /^(?:(?:[ \t]*|#[^\n]*)\r?\n)*/.exec(source.slice(cursor))![0].length;
      advanceTo(cursor + blank);
      const lineNo = line;
      const error = result.errors[0];
      rows.push({
        fields: result.data.map(trimField),
        lineNo,
        ...(error ? { error: describeCsvError(error) } : {}),
      });
      advanceTo(result.meta.cursor);
    },
  });
  return rows;
}

/** Trims a field; a quoted field with spaces around its quotes (` "2" `) is unquoted too. */
function trimField(field: string): string {
  const t = field.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"')
    ? t.slice(1, -1).replace(/""/g, '"').trim()
    : t;
}

function describeCsvError(error: Papa.ParseError): string {
  if (error.code === 'MissingQuotes') return 'a quoted field is not closed (missing ")';
  if (error.code === 'InvalidQuotes') return 'malformed quotes (write a quote inside a quoted field as "")';
  return error.message;
}

function looksLikeHeader(fields: string[]): boolean {
  return fields.some((f) => (COLUMNS as readonly string[]).includes(f.toLowerCase()));
}

function parseHeader(fields: string[], lineNo: number, issues: FieldIssue[]): Column[] | undefined {
  const names = fields.map((f) => f.toLowerCase());
  const bad = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  const missing = COLUMNS.slice(0, 3).filter((c) => !names.includes(c));
  const duplicate = names.filter((n, i) => names.indexOf(n) !== i);
  if (bad.length > 0)
    issues.push({ path: `line ${lineNo}`, message: `unknown column ${bad.map((b) => `"${b}"`).join(', ')}` });
  if (missing.length > 0)
    issues.push({ path: `line ${lineNo}`, message: `header lacks column ${missing.join(', ')}` });
  if (duplicate.length > 0)
    issues.push({ path: `line ${lineNo}`, message: `duplicate column ${duplicate.join(', ')}` });
  if (bad.length + missing.length + duplicate.length > 0) return undefined;
  // The format always allows a trailing count, named or not.
  return names.includes('count') ? (names as Column[]) : [...(names as Column[]), 'count'];
}

function parseRow(
  fields: string[],
  columns: readonly Column[],
  lineNo: number,
  floorByName: Map<string, number>,
  floorCount: number,
  issues: FieldIssue[],
): PassengerSpec | undefined {
  const at = (column: string) => `line ${lineNo}.${column}`;
  // A trailing count may be left out.
  const minFields = columns[columns.length - 1] === 'count' ? columns.length - 1 : columns.length;
  if (fields.length < minFields || fields.length > columns.length) {
    const expected = minFields === columns.length ? String(minFields) : `${minFields} or ${columns.length}`;
    issues.push({ path: `line ${lineNo}`, message: `expected ${expected} fields, got ${fields.length}` });
    return undefined;
  }
  const value = (column: Column): string | undefined => {
    const k = columns.indexOf(column);
    return k >= 0 ? fields[k] : undefined;
  };
  const before = issues.length;

  const time = Number(value('time'));
  if (value('time') === '' || !Number.isFinite(time) || time < 0)
    issues.push({ path: at('time'), message: `must be a number >= 0 (got "${value('time')}")` });

  const floor = (column: 'origin' | 'destination') => {
    const raw = value(column) ?? '';
    const named = floorByName.get(raw);
    if (named !== undefined) return named;
    const index = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (Number.isInteger(index) && index < floorCount) return index;
    issues.push({
      path: at(column),
      message: /^\d+$/.test(raw)
        ? `floor index ${raw} out of range 0..${floorCount - 1}`
        : `unknown floor "${raw}"`,
    });
    return undefined;
  };
  const origin = floor('origin');
  const destination = floor('destination');
  if (origin !== undefined && origin === destination)
    issues.push({ path: at('destination'), message: 'must differ from origin' });

  const rawCount = value('count');
  const count = rawCount === undefined || rawCount === '' ? 1 : Number(rawCount);
  if (!Number.isInteger(count) || count < 1 || count > 100)
    issues.push({ path: at('count'), message: `must be an integer 1..100 (got "${rawCount}")` });

  if (issues.length > before || origin === undefined || destination === undefined) return undefined;
  return { time, origin, destination, count };
}
