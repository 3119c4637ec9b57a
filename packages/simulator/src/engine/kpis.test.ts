import { describe, expect, it } from 'vitest';
import type { PassengerRecord } from '@hoistway/shared-types';
import { busiestWindow, computeHistogram, computeKpis, computeSeries, percentile } from './kpis.js';

const rec = (
  id: number,
  arrival: number,
  wait: number | null,
  transit: number | null,
  warmUp = 0,
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
});

describe('KPI arithmetic', () => {
  it('nearest-rank percentile and the busiest window', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20: P95 is the 19th value
    expect(percentile(xs, 0.95)).toBe(19);
    expect(percentile([], 0.95)).toBe(0);
    // Windows [t, t + 300): 0, 100, 299 fit together; 300 starts a new one with 350, 590.
    expect(busiestWindow([0, 100, 299, 300, 350, 590, 599], 300)).toBe(4);
  });

  it('summarises waits, trips, the 5-minute series and the histogram', () => {
    // Waits 10, 30, 70 (boarded at 20, 330, 670), transits 20, 20, —; one arrival in warm-up, one never served.
    const records = [
      rec(0, 10, 10, 20),
      rec(1, 300, 30, 20),
      rec(2, 600, 70, null),
      rec(3, 5, 1, 1, 100),
      rec(4, 650, null, null),
    ];
    const series = computeSeries(records, 900);
    const k = computeKpis(
      { records, warmUp: 0, endTime: 900, population: 100, mainDepartures: [50, 100, 200, 400] },
      series,
    );
    expect(k.generated).toBe(5);
    expect(k.delivered).toBe(3);
    expect(k.counted).toBe(3);
    expect(k.awt).toBeCloseTo((10 + 30 + 70) / 3, 3);
    expect(k.attd).toBeCloseTo((30 + 50) / 2, 3);
    expect(k.longestWait).toBe(70);
    expect(k.percentWaitsOver60).toBeCloseTo(100 / 3, 3);
    expect(k.meanSquaredWait).toBeCloseTo((100 + 900 + 4900) / 3, 3);
    // (400 − 50) / 3 departures' gaps.
    expect(k.interval).toBeCloseTo(350 / 3, 3);
    expect(series.map((p) => p.awt)).toEqual([10, 30, 70]);
    expect(k.worst5MinAwt).toBe(70);
    expect(computeHistogram(records).counts.slice(0, 15)).toEqual([
      0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
    ]);
  });
});
