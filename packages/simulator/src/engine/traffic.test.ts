import { describe, expect, it } from 'vitest';
import { dispatcherNames, type DispatcherName, type Traffic } from '@hoistway/shared-types';
import { upPeakCalc } from '../calculator.js';
import { exampleBuilding as example, generatedRun } from '../../test/helpers/runs.js';
import { checkInvariants } from './invariants.js';
import type { SimEvent } from './types.js';

const lunch: Traffic = { kind: 'template', template: 'lunch', intensity: 12 };

const run = generatedRun;

describe('office buildings with generated traffic', () => {
  const office20 = example('office-20');

  it.each(dispatcherNames)('%s keeps every invariant through a lunch hour', (name) => {
    const events: SimEvent[] = [];
    const { arrivals, results, passengers } = run(office20, lunch, name, 7, 3600, (e) => events.push(e));
    expect(checkInvariants({ events, arrivals }, results, passengers, office20)).toEqual([]);
    expect(results.kpis.delivered).toBeGreaterThan(0.9 * arrivals.length);
  });

  it('eta beats collective and nearest on mean AWT over 10 seeds (lunch 12 %/5 min, office-20)', () => {
    const meanAwt = (name: DispatcherName) => {
      let sum = 0;
      for (let seed = 1; seed <= 10; seed++) sum += run(office20, lunch, name, seed).results.kpis.awt;
      return sum / 10;
    };
    const eta = meanAwt('eta');
    const collective = meanAwt('collective');
    const nearest = meanAwt('nearest');
    console.log(
      `office-20 lunch 12%: mean AWT eta ${eta.toFixed(1)} s, collective ${collective.toFixed(1)} s, nearest ${nearest.toFixed(1)} s`,
    );
    expect(eta).toBeLessThan(collective);
    expect(eta).toBeLessThan(nearest);
  });

  it.each([
    ['office-20', 'lunch'],
    ['office-20', 'down-peak'],
    ['office-10', 'up-peak'],
  ] as const)(
    'least cost is at least as good as collective, nearest and sectoring (%s, %s at intensity 10, 10 paired seeds)',
    (buildingName, template) => {
      const building = example(buildingName);
      const traffic: Traffic = { kind: 'template', template, intensity: 10 };
      const meanAwt = (name: DispatcherName) => {
        let sum = 0;
        for (let seed = 1; seed <= 10; seed++) sum += run(building, traffic, name, seed).results.kpis.awt;
        return sum / 10;
      };
      const eta = meanAwt('eta');
      for (const other of ['collective', 'nearest', 'sectoring'] as const)
        expect(eta, `eta vs ${other}`).toBeLessThanOrEqual(meanAwt(other));
    },
  );

  it('a saturated up-peak lands within 15 % of the calculated interval', () => {
    const calc = upPeakCalc(office20)[0]!;
    // Incoming only, well above the handling capacity, so cars leave the lobby loaded to the planning figure.
    const upPeak: Traffic = {
      kind: 'template',
      template: 'up-peak',
      intensity: 15,
      mix: { incoming: 100, outgoing: 0, interfloor: 0 },
    };
    const { results } = run(office20, upPeak, 'collective', 3);
    const interval = results.kpis.interval!;
    console.log(
      `office-20 saturated up-peak: simulated interval ${interval.toFixed(1)} s, calculated ${calc.interval.toFixed(1)} s`,
    );
    expect(Math.abs(interval - calc.interval) / calc.interval).toBeLessThan(0.15);
  });

  it('a saturated up-peak counts the passengers left waiting and says it is saturated', () => {
    const upPeak: Traffic = { kind: 'template', template: 'up-peak', intensity: 25 };
    const events: SimEvent[] = [];
    const { arrivals, results, passengers } = run(office20, upPeak, 'eta', 2, 1800, (e) => events.push(e));
    expect(checkInvariants({ events, arrivals }, results, passengers, office20)).toEqual([]);
    const k = results.kpis;
    const boarded = passengers.filter((p) => p.counted && p.waitTime !== null);
    const boardedAwt = boarded.reduce((s, p) => s + p.waitTime!, 0) / boarded.length;
    expect(k.stillWaiting).toBeGreaterThan(k.groups[0]!.pickupCapacity);
    expect(k.saturated).toBe(true);
    expect(k.counted).toBe(passengers.filter((p) => p.counted).length);
    // Leaving the unfinished waits out would understate the AWT.
    expect(k.awt).toBeGreaterThan(boardedAwt);
    // Saturated, the mean throughput is the handling capacity; the busiest window is above it.
    expect(k.peak5MinPersons).toBeGreaterThanOrEqual(k.throughput5MinPersons!);
  });

  it('a zoned tower reports each group its own interval, and the headline does not pool them', () => {
    const tower = example('tower-40');
    const upPeak: Traffic = { kind: 'template', template: 'up-peak', intensity: 10 };
    const events: SimEvent[] = [];
    const { arrivals, results, passengers } = run(tower, upPeak, 'eta', 1, 2400, (e) => events.push(e));
    expect(checkInvariants({ events, arrivals }, results, passengers, tower)).toEqual([]);
    const groups = results.kpis.groups;
    expect(groups.map((g) => g.group)).toEqual(['Low rise', 'High rise']);
    // Departures from the lobby of every car pooled: about half of either group's interval.
    const lobby = events.filter((e) => e.type === 'depart' && e.floor === 0 && e.time >= results.warmUp);
    const pooled = (lobby.at(-1)!.time - lobby[0]!.time) / (lobby.length - 1);
    for (const g of groups) expect(g.interval!).toBeGreaterThan(1.5 * pooled);
    expect(results.kpis.interval).toBeCloseTo((groups[0]!.interval! + groups[1]!.interval!) / 2, 2);
  });
});
