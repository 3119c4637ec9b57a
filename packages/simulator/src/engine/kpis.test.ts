import { describe, expect, it } from 'vitest';
import type { PassengerRecord } from '@hoistway/shared-types';
import {
  busiestWindow,
  computeHistogram,
  computeKpis,
  computeSeries,
  percentile,
  type KpiInput,
} from './kpis.js';

const rec = (
  id: number,
  arrival: number,
  wait: number | null,
  transit: number | null,
  warmUp = 0,
  group = 'A',
): PassengerRecord => ({
  id,
  arrival,
  origin: 0,
  destination: 1,
  boardDoorOpen: wait === null ? null : arrival + wait,
  alightDoorOpen: wait === null || transit === null ? null : arrival + wait + transit,
  car: wait === null ? null : 'A-1',
  waitTime: wait,
  transitTime: wait === null ? null : transit,
  counted: arrival >= warmUp,
  group,
});

/** One group `A` that can pick up `pickupCapacity` passengers in one trip of every car. */
function input(
  records: PassengerRecord[],
  over: Partial<KpiInput> & { pickupCapacity?: number; mainDepartures?: number[] } = {},
): KpiInput {
  const { pickupCapacity = 10, mainDepartures = [], ...rest } = over;
  return {
    records,
    warmUp: 0,
    duration: 900,
    endTime: 900,
    population: 100,
    groups: [{ name: 'A', pickupCapacity, mainDepartures }],
    ...rest,
  };
}

const kpisOf = (i: KpiInput) => computeKpis(i, computeSeries(i.records, i.endTime));

describe('KPI arithmetic', () => {
  it('nearest-rank percentile and the busiest window', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20: P95 is the 19th value
    expect(percentile(xs, 0.95)).toBe(19);
    expect(percentile([], 0.95)).toBe(0);
    // Windows [t, t + 300): 0, 100, 299 fit together; 300 starts a new one with 350, 590.
    expect(busiestWindow([0, 100, 299, 300, 350, 590, 599], 300)).toBe(4);
  });

  it('summarises waits, trips, the 5-minute series and the histogram', () => {
    // Waits 10, 30, 70 (boarded at 20, 330, 670), transits 20, 20, —; one arrival in warm-up, one never
    // served: arrived at 650, still waiting at the end (900), so counted with 250 s.
    const records = [
      rec(0, 10, 10, 20),
      rec(1, 300, 30, 20),
      rec(2, 600, 70, null),
      rec(3, 5, 1, 1, 100),
      rec(4, 650, null, null),
    ];
    const series = computeSeries(records, 900);
    const k = computeKpis(input(records, { mainDepartures: [50, 100, 200, 400] }), series);
    expect(k.generated).toBe(5);
    expect(k.delivered).toBe(3);
    expect(k.counted).toBe(4);
    expect(k.stillWaiting).toBe(1);
    expect(k.awt).toBeCloseTo((10 + 30 + 70 + 250) / 4, 3);
    // Time to destination and transit stay over the delivered passengers.
    expect(k.attd).toBeCloseTo((30 + 50) / 2, 3);
    expect(k.averageTransit).toBeCloseTo(20, 3);
    expect(k.longestWait).toBe(250);
    expect(k.percentWaitsOver60).toBeCloseTo(50, 3);
    expect(k.meanSquaredWait).toBeCloseTo((100 + 900 + 4900 + 62_500) / 4, 3);
    // (400 − 50) / 3 departures' gaps.
    expect(k.interval).toBeCloseTo(350 / 3, 3);
    // The censored wait ends with the run, in the last period: (70 + 250) / 2.
    expect(series.map((p) => p.awt)).toEqual([10, 30, 160]);
    expect(series.map((p) => p.stillWaiting)).toEqual([0, 0, 1]);
    expect(series[2]!.boarded).toBe(1);
    expect(k.worst5MinAwt).toBe(160);
    expect(computeHistogram(records, 900).counts).toEqual([
      0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    ]);
    // One passenger left, ten could be picked up: not saturated.
    expect(k.saturated).toBe(false);
  });

  it('a saturated run counts the passengers who never boarded at their elapsed wait', () => {
    // Four boarded after waiting 60 s; three arrived at 900, 1000, 1100 and never boarded before the
    // end at 1200 (waits so far 300, 200, 100); one arrived in warm-up and is left out.
    const records = [
      rec(0, 300, 60, 30, 300),
      rec(1, 400, 60, 30, 300),
      rec(2, 500, 60, 30, 300),
      rec(3, 600, 60, 30, 300),
      rec(4, 900, null, null, 300),
      rec(5, 1000, null, null, 300),
      rec(6, 1100, null, null, 300),
      rec(7, 100, null, null, 300),
    ];
    const k = kpisOf(input(records, { warmUp: 300, duration: 1200, endTime: 1200, pickupCapacity: 2 }));
    expect(k.counted).toBe(7);
    expect(k.stillWaiting).toBe(3);
    expect(k.inSystem).toBe(4);
    expect(k.awt).toBeCloseTo((4 * 60 + 300 + 200 + 100) / 7, 3); // 120 s, not the 60 s of the boarded
    expect(k.longestWait).toBe(300);
    expect(k.p95Wait).toBe(300);
    expect(k.percentWaitsOver60).toBeCloseTo((100 * 3) / 7, 3);
    expect(k.meanSquaredWait).toBeCloseTo((4 * 3600 + 90_000 + 40_000 + 10_000) / 7, 3);
    expect(k.attd).toBeCloseTo(90, 3);
    // Three left waiting, the group picks up two in one trip of every car: saturated.
    expect(k.groups).toEqual([
      { group: 'A', interval: null, stillWaiting: 3, pickupCapacity: 2, saturated: true },
    ]);
    expect(k.saturated).toBe(true);
    // As many left as one trip of every car takes: not (yet) saturated.
    expect(
      kpisOf(input(records, { warmUp: 300, duration: 1200, endTime: 1200, pickupCapacity: 3 })).saturated,
    ).toBe(false);
  });

  it('throughput is the mean per 5 minutes over the measured period, the peak is the busiest window', () => {
    // Warm-up 300 s, arrivals end at 1500 (measured: 1200 s = four 5-minute periods), drained to 1800.
    // Boarded after warm-up and before 1500: 310…360 (6), 900, 1000 → 8 · 300 / 1200 = 2 per 5 min.
    // 200 (warm-up) and 1600 (drain) are outside the measured period. Busiest window: 310…360 = 6.
    const boards = [200, 310, 320, 330, 340, 350, 360, 900, 1000, 1600];
    const records = boards.map((t, i) => rec(i, t - 5, 5, 10, 300));
    const k = kpisOf(input(records, { warmUp: 300, duration: 1500, endTime: 1800, population: 40 }));
    expect(k.throughput5MinPersons).toBe(2);
    expect(k.throughput5MinPercent).toBe(5);
    expect(k.peak5MinPersons).toBe(6);
    expect(k.peak5MinPercent).toBe(15);
    // No measured period yet (a live session still in warm-up): no throughput.
    const early = kpisOf(input(records.slice(0, 1), { warmUp: 300, duration: 1500, endTime: 250 }));
    expect(early.throughput5MinPersons).toBeNull();
    expect(early.throughput5MinPercent).toBeNull();
    // Without population there is no percentage.
    expect(kpisOf(input(records, { population: 0 })).peak5MinPercent).toBeNull();
  });

  it('intervals are per group, each from its own departures; the headline is their mean, never pooled', () => {
    const groups = [
      // Departures after the 120 s warm-up: 130, 160, 190 → 30 s.
      { name: 'Low', pickupCapacity: 8, mainDepartures: [100, 130, 160, 190] },
      // 125, 200, 275 → 75 s.
      { name: 'High', pickupCapacity: 8, mainDepartures: [125, 200, 275] },
      // One departure: no interval, and it does not enter the mean.
      { name: 'Shuttle', pickupCapacity: 4, mainDepartures: [150] },
    ];
    const k = kpisOf(input([], { warmUp: 120, groups }));
    expect(k.groups.map((g) => [g.group, g.interval])).toEqual([
      ['Low', 30],
      ['High', 75],
      ['Shuttle', null],
    ]);
    // Pooled, the six departures would give (275 − 125) / 5 = 30 s: the interval of neither group.
    expect(k.interval).toBe(52.5);
    expect(kpisOf(input([], { groups: [] })).interval).toBeNull();
  });

  it('still-waiting passengers are attributed to their own group', () => {
    const records = [
      rec(0, 10, null, null, 0, 'Low'),
      rec(1, 20, null, null, 0, 'High'),
      rec(2, 30, null, null, 0, 'High'),
    ];
    const groups = [
      { name: 'Low', pickupCapacity: 1, mainDepartures: [] },
      { name: 'High', pickupCapacity: 1, mainDepartures: [] },
    ];
    const k = kpisOf(input(records, { groups }));
    expect(k.groups.map((g) => [g.group, g.stillWaiting, g.saturated])).toEqual([
      ['Low', 1, false],
      ['High', 2, true],
    ]);
    expect(k.saturated).toBe(true);
  });
});
