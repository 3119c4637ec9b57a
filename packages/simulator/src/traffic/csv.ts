import {
  passengerListTrafficSchema,
  validate,
  type Building,
  type FieldIssue,
  type PassengerListTraffic,
  type PassengerSpec,
} from '@hoistway/shared-types';
import { TrafficInputError } from './errors.js';

const COLUMNS = ['time', 'origin', 'destination', 'count'] as const;
type Column = (typeof COLUMNS)[number];
const MAX_ISSUES = 50;

/**
 * Reads a passenger list: `time,origin,destination[,count]` per line. An optional header line names
 * the columns (any order; `count` optional). Blank lines and lines starting with `#` are skipped.
 * A floor is given by name (exact match, e.g. `G`) or, failing that, by index; names win because
 * they are what users see (in a building `B1,G,1,2`, `1` means the floor named "1", index 2).
 * Throws TrafficInputError with paths like `line 7.origin`.
 */
export function parsePassengerCsv(text: string, building: Building): PassengerListTraffic {
  const floorByName = new Map(building.floors.map((f, i) => [f.name, i]));
  const issues: FieldIssue[] = [];
  const passengers: PassengerSpec[] = [];
  let columns: readonly Column[] | undefined;

  // Spreadsheets often start the file with a byte-order mark.
  for (const [index, rawLine] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const lineNo = index + 1;
    const fields = line.split(',').map(unquote);
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
    if (row) passengers.push(row);
    if (issues.length >= MAX_ISSUES) break;
  }
  if (issues.length > 0) throw new TrafficInputError(issues);
  const checked = validate(passengerListTrafficSchema, { kind: 'passengers', passengers });
  if (!checked.ok) throw new TrafficInputError(checked.issues);
  return checked.value;
}

function unquote(field: string): string {
  const t = field.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
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
