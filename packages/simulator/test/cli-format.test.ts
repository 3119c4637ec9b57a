import { describe, expect, it } from 'vitest';
import type { Building, PassengerRecord } from '@hoistway/shared-types';
import { passengerCsvChunks, passengersToCsv, toCsv } from '../src/passenger-csv.js';
import { formatNumber, formatTable } from '../src/cli/format/table.js';

describe('formatTable', () => {
  it('aligns columns under their headers', () => {
    const text = formatTable(
      [{ header: 'KPI' }, { header: 'Value', align: 'right' }],
      [
        ['AWT', '21.5'],
        ['Longest wait', '102.0'],
      ],
    );
    expect(text.split('\n')).toEqual([
      'KPI           Value',
      '------------  -----',
      'AWT            21.5',
      'Longest wait  102.0',
    ]);
  });

  it('prints missing numbers as a dash', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(3.14159, 2)).toBe('3.14');
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes and newlines only', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [1, null],
        ],
      ),
    ).toBe('a,b\n"x,y","say ""hi"""\n1,\n');
  });

  it('writes one row per passenger with floor names', () => {
    const building = { floors: [{ name: 'G' }, { name: '1' }] } as Building;
    const passengers: PassengerRecord[] = [
      {
        id: 0,
        arrival: 1.23456,
        origin: 0,
        destination: 1,
        boardDoorOpen: 5,
        alightDoorOpen: 20,
        car: 'A1',
        waitTime: 3.76544,
        transitTime: 15,
        counted: true,
        group: 'A',
      },
      {
        id: 1,
        arrival: 2,
        origin: 1,
        destination: 0,
        boardDoorOpen: null,
        alightDoorOpen: null,
        car: null,
        waitTime: null,
        transitTime: null,
        counted: false,
        group: 'A',
      },
    ];
    const lines = passengersToCsv(passengers, building).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'id,arrival,origin,origin_name,destination,destination_name,car,board_door_open,alight_door_open,wait_time,transit_time,counted',
    );
    expect(lines[1]).toBe('0,1.235,0,G,1,1,A1,5,20,3.765,15,true');
    expect(lines[2]).toBe('1,2,1,1,0,G,,,,,,false');
  });

  it('streams the same rows without floor names in chunks, quoting car ids where needed', () => {
    const record = (id: number): PassengerRecord => ({
      id,
      arrival: id + 0.0004,
      origin: 2,
      destination: 0,
      boardDoorOpen: null,
      alightDoorOpen: null,
      car: id === 1 ? 'A,"1"' : null,
      waitTime: null,
      transitTime: null,
      counted: false,
      group: 'A',
    });
    const chunks = [...passengerCsvChunks([record(0), record(1), record(2)], { rowsPerChunk: 2 })];
    expect(chunks).toEqual([
      'id,arrival,origin,destination,car,board_door_open,alight_door_open,wait_time,transit_time,counted\n',
      '0,0,2,0,,,,,,false\n1,1,2,0,"A,""1""",,,,,false\n',
      '2,2,2,0,,,,,,false\n',
    ]);
  });
});
