/**
 * The calculator's engine-consistent figures against the engine itself: a saturated up-peak
 * (incoming traffic only, well above the handling capacity) of each example building.
 */
import { runConfigSchema, type Building, type DispatcherName, type Traffic } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { upPeakCalc } from './calculator.js';
import { simulate } from './engine/index.js';
import { generateArrivals } from './traffic/generate.js';
import { exampleBuilding as example } from '../test/helpers/runs.js';

const WARM_UP = 900;
const DURATION = 2 * 3600;

/** Mean time between main-entrance departures of each group after the warm-up (the interval KPI's rule). */
function simulatedIntervals(building: Building, intensity: number, dispatcher: DispatcherName, seed: number) {
  const traffic: Traffic = {
    kind: 'template',
    template: 'up-peak',
    intensity,
    mix: { incoming: 100, outgoing: 0, interfloor: 0 },
  };
  const config = runConfigSchema.parse({
    duration: DURATION,
    warmUp: WARM_UP,
    seed,
    dispatcher: { name: dispatcher },
  });
  const arrivals = generateArrivals(building, traffic, { seed, duration: DURATION });
  const groupOfCar = building.groups.flatMap((g, gi) => g.cars.map(() => gi));
  const mainEntrance = building.floors.findIndex((f) => f.entrance);
  const departures: number[][] = building.groups.map(() => []);
  const { results } = simulate(building, arrivals, config, {
    onEvent: (e) => {
      if (e.type === 'depart' && e.floor === mainEntrance && e.load > 0 && e.time >= WARM_UP)
        departures[groupOfCar[e.car]!]!.push(e.time);
    },
  });
  const intervals = departures.map((d) => (d[d.length - 1]! - d[0]!) / (d.length - 1));
  return { intervals, pooled: results.kpis.interval };
}

describe('calculator vs engine: saturated up-peak, incoming only', () => {
  it.each(['office-10', 'office-20', 'tower-40'])(
    '%s: the engine-consistent interval is within 5 % of the simulated one',
    (name) => {
      const building = example(name);
      const figures = upPeakCalc(building);
      // Twice the busiest group's handling capacity: queues at the entrance never empty.
      const intensity = 2 * Math.max(...figures.map((f) => f.hc5Percent));
      const { intervals, pooled } = simulatedIntervals(building, intensity, 'collective', 1);
      figures.forEach((f, gi) => {
        const simulated = intervals[gi]!;
        console.log(
          `${name} ${f.group}: interval calculated ${f.interval.toFixed(2)} s (textbook ${f.textbook.interval.toFixed(2)} s), ` +
            `simulated ${simulated.toFixed(2)} s (${((100 * (simulated - f.interval)) / f.interval).toFixed(1)} %)`,
        );
        expect(Math.abs(simulated - f.interval) / f.interval).toBeLessThan(0.05);
      });
      // With one group the interval KPI is the same figure.
      if (building.groups.length === 1) expect(pooled).toBeCloseTo(intervals[0]!, 2);
    },
  );
});
