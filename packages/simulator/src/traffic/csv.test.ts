import { buildingSchema } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { parsePassengerCsv, readPassengerCsv } from './csv.js';
import { TrafficInputError } from './errors.js';

const car = { capacity: 8, speed: 1, acceleration: 1, jerk: 1.5, homeFloor: 1 };
// Index 0 = B1, 1 = G, 2 = floor "1", 3 = floor "2": names and indices disagree on purpose.
const building = buildingSchema.parse({
  name: 'csv',
  floors: [
    { name: 'B1', height: 3, population: 0, entrance: true },
    { name: 'G', height: 4, population: 0, entrance: true },
    { name: '1', height: 3.5, population: 50 },
    { name: '2', height: 3.5, population: 50 },
  ],
  groups: [{ name: 'Main', servedFloors: [0, 1, 2, 3], cars: [car] }],
});

function issuesOf(text: string) {
  try {
    parsePassengerCsv(text, building);
  } catch (e) {
    expect(e).toBeInstanceOf(TrafficInputError);
    return (e as TrafficInputError).issues;
  }
  throw new Error('expected a TrafficInputError');
}

describe('parsePassengerCsv', () => {
  it('reads rows with floor names or indices, optional count, comments and blank lines', () => {
    const text = [
      '# morning',
      'time,origin,destination,count',
      '',
      '0.5,G,2,3',
      '12,1,B1',
      '  # indented comment',
      '30,"2",0,1',
      '',
    ].join('\r\n');
    expect(parsePassengerCsv(text, building)).toEqual({
      kind: 'passengers',
      passengers: [
        { time: 0.5, origin: 1, destination: 3, count: 3 },
        { time: 12, origin: 2, destination: 0, count: 1 }, // "1" is the floor named 1 (index 2)
        { time: 30, origin: 3, destination: 0, count: 1 },
      ],
    });
  });

  it('reads files without a header and headers in another column order', () => {
    expect(parsePassengerCsv('5,B1,G\n6,G,B1,2', building).passengers).toEqual([
      { time: 5, origin: 0, destination: 1, count: 1 },
      { time: 6, origin: 1, destination: 0, count: 2 },
    ]);
    expect(parsePassengerCsv('origin,destination,time\nG,2,7', building).passengers).toEqual([
      { time: 7, origin: 1, destination: 3, count: 1 },
    ]);
  });

  it('names the line and column of each bad value', () => {
    const issues = issuesOf(
      ['time,origin,destination', '1,G,2', 'x,G,2', '3,X,2', '4,G,G', '5,G,9', '6,G,2,0', '7,G'].join('\n'),
    );
    expect(issues).toEqual([
      { path: 'line 3.time', message: 'must be a number >= 0 (got "x")' },
      { path: 'line 4.origin', message: 'unknown floor "X"' },
      { path: 'line 5.destination', message: 'must differ from origin' },
      { path: 'line 6.destination', message: 'floor index 9 out of range 0..3' },
      { path: 'line 7.count', message: 'must be an integer 1..100 (got "0")' },
      { path: 'line 8', message: 'expected 3 or 4 fields, got 2' },
    ]);
  });

  it('rejects negative times, unknown header columns and too many fields', () => {
    expect(issuesOf('-1,G,2')).toEqual([
      { path: 'line 1.time', message: 'must be a number >= 0 (got "-1")' },
    ]);
    expect(issuesOf('time,from,destination\n1,G,2')[0]).toEqual({
      path: 'line 1',
      message: 'unknown column "from"',
    });
    expect(issuesOf('1,G,2,1,extra')).toEqual([{ path: 'line 1', message: 'expected 3 or 4 fields, got 5' }]);
  });

  it('ignores a byte-order mark before the header', () => {
    expect(parsePassengerCsv('\uFEFFtime,origin,destination\n1,G,2', building).passengers).toHaveLength(1);
  });

  it('accepts an empty list', () => {
    expect(parsePassengerCsv('# nothing yet\ntime,origin,destination\n', building).passengers).toEqual([]);
  });
});

describe('parsePassengerCsv with quoted fields (RFC 4180)', () => {
  // Floor names may hold commas and quotes; spreadsheets quote such fields when they save CSV.
  const quoted = buildingSchema.parse({
    name: 'quoted',
    floors: [
      { name: 'Lobby, east', height: 4, population: 0, entrance: true },
      { name: '1', height: 3.5, population: 50 },
      { name: 'Roof "sky"', height: 3.5, population: 50 },
    ],
    groups: [{ name: 'Main', servedFloors: [0, 1, 2], cars: [car] }],
  });

  it('reads commas and doubled quotes inside quoted fields', () => {
    const text = [
      '"time","origin","destination","count"',
      '0,"Lobby, east",1,2',
      '5,"Lobby, east","Roof ""sky""", 1',
      '9, "1" ,"Lobby, east"',
    ].join('\n');
    expect(parsePassengerCsv(text, quoted).passengers).toEqual([
      { time: 0, origin: 0, destination: 1, count: 2 },
      { time: 5, origin: 0, destination: 2, count: 1 },
      { time: 9, origin: 1, destination: 0, count: 1 },
    ]);
  });

  it('tells the line each passenger came from', () => {
    const text = 'time,origin,destination\n1,"Lobby,\neast",1\n\n2,1,0\n';
    expect(() => readPassengerCsv(text, quoted)).toThrow(TrafficInputError);
    expect(readPassengerCsv('# list\n0,1,2\n\n"3",1,0\n', quoted).lines).toEqual([2, 4]);
  });

  it('names the line a row starts on after a quoted field spanning lines, and an unclosed quote', () => {
    let issues: { path: string; message: string }[] = [];
    try {
      parsePassengerCsv(
        'time,origin,destination\n1,"Lobby,\neast",1\n# note\n2,"Lobby, east",7\n3,"1,0',
        quoted,
      );
    } catch (e) {
      issues = (e as TrafficInputError).issues;
    }
    expect(issues).toEqual([
      { path: 'line 2.origin', message: 'unknown floor "Lobby,\neast"' },
      { path: 'line 5.destination', message: 'floor index 7 out of range 0..2' },
      { path: 'line 6', message: 'a quoted field is not closed (missing ")' },
    ]);
  });
});
