/** RFC 4180 CSV writing (quotes only where needed). */
import type { Building, PassengerRecord } from '@hoistway/shared-types';

type CsvValue = string | number | boolean | null;

function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(headers: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [headers.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}

const PASSENGER_HEADERS = [
  'id',
  'arrival',
  'origin',
  'origin_name',
  'destination',
  'destination_name',
  'car',
  'board_door_open',
  'alight_door_open',
  'wait_time',
  'transit_time',
  'counted',
] as const;

/** Rounded to milliseconds: finer digits are float noise and bloat the file. */
const ms = (t: number | null) => (t === null ? null : Math.round(t * 1000) / 1000);

/** One row per passenger record, floors both as index and name. Times in seconds. */
export function passengersToCsv(passengers: readonly PassengerRecord[], building: Building): string {
  const floorName = (i: number) => building.floors[i]?.name ?? String(i);
  return toCsv(
    PASSENGER_HEADERS,
    passengers.map((p) => [
      p.id,
      ms(p.arrival),
      p.origin,
      floorName(p.origin),
      p.destination,
      floorName(p.destination),
      p.car,
      ms(p.boardDoorOpen),
      ms(p.alightDoorOpen),
      ms(p.waitTime),
      ms(p.transitTime),
      p.counted,
    ]),
  );
}
