/**
 * RFC 4180 CSV writing (quotes only where needed) and the per-passenger CSV export, shared by the CLI
 * (`run --passengers`) and the backend's streamed live-session export.
 */
import type { Building, PassengerRecord } from '@hoistway/shared-types';

export type CsvValue = string | number | boolean | null;

function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (values: readonly CsvValue[]) => values.map(csvField).join(',') + '\n';

export function toCsv(headers: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let text = csvLine(headers);
  for (const row of rows) text += csvLine(row);
  return text;
}

/** Rounded to milliseconds: finer digits are float noise and bloat the file. */
const ms = (t: number | null) => (t === null ? null : Math.round(t * 1000) / 1000);

export interface PassengerCsvOptions {
  /** With the building, each floor is given by index and by name (`origin_name`, `destination_name`). */
  building?: Building;
  /** Rows per yielded chunk, so a large export streams instead of being built in one string. */
  rowsPerChunk?: number;
}

/** Column names of the passenger CSV (the name columns only with a building). */
export function passengerCsvHeaders(withFloorNames: boolean): string[] {
  return [
    'id',
    'arrival',
    'origin',
    ...(withFloorNames ? ['origin_name'] : []),
    'destination',
    ...(withFloorNames ? ['destination_name'] : []),
    'car',
    'board_door_open',
    'alight_door_open',
    'wait_time',
    'transit_time',
    'counted',
  ];
}

/** One row per passenger record, times in seconds: the header line, then chunks of rows. */
export function* passengerCsvChunks(
  records: readonly PassengerRecord[],
  { building, rowsPerChunk = 2000 }: PassengerCsvOptions = {},
): Generator<string> {
  const floor = (i: number): CsvValue[] => (building ? [i, building.floors[i]?.name ?? String(i)] : [i]);
  yield csvLine(passengerCsvHeaders(building !== undefined));
  for (let start = 0; start < records.length; start += rowsPerChunk) {
    let chunk = '';
    for (const p of records.slice(start, start + rowsPerChunk))
      chunk += csvLine([
        p.id,
        ms(p.arrival),
        ...floor(p.origin),
        ...floor(p.destination),
        p.car,
        ms(p.boardDoorOpen),
        ms(p.alightDoorOpen),
        ms(p.waitTime),
        ms(p.transitTime),
        p.counted,
      ]);
    yield chunk;
  }
}

/** The whole passenger CSV as one string, floors both as index and name. */
export function passengersToCsv(passengers: readonly PassengerRecord[], building: Building): string {
  return [...passengerCsvChunks(passengers, { building })].join('');
}
