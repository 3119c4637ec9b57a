import type { SimulationCommand } from '@hoistway/shared-types';
import { generateArrivals, Simulation, type SimEvent } from '@hoistway/simulator';
import type { SessionSpec } from '../../repositories/sessions.js';
import type { LiveSimulation, PassengerEventSink } from './live-simulation.js';

/**
 * Builds a session's simulation exactly as a batch run does (same arrivals from the same seed), and
 * reports passenger moments — landing arrivals, boardings, alightings — to `onPassengerEvent`.
 */
export function createLiveSimulation(
  spec: SessionSpec,
  onPassengerEvent: PassengerEventSink,
): LiveSimulation {
  const { building, traffic, config } = spec;
  const arrivals = generateArrivals(building, traffic, { seed: config.seed, duration: config.duration });
  let carIds: string[] = [];
  const onEvent = (e: SimEvent) => {
    if (e.type === 'board' || e.type === 'alight')
      onPassengerEvent({ time: e.time, kind: e.type, floor: e.floor, car: carIds[e.car] ?? null, count: 1 });
  };
  const sim = new Simulation(building, arrivals, config, { onEvent });
  carIds = sim.snapshot().cars.map((c) => c.id);
  let nextArrival = 0;

  return {
    get time() {
      return sim.time;
    },
    get endTime() {
      return sim.endTime;
    },
    get finished() {
      return sim.finished;
    },
    advanceTo(t: number) {
      sim.advanceTo(t);
      while (nextArrival < arrivals.length && arrivals[nextArrival]!.time <= t) {
        const a = arrivals[nextArrival++]!;
        onPassengerEvent({ time: a.time, kind: 'arrive', floor: a.origin, car: null, count: 1 });
      }
    },
    command(cmd: SimulationCommand) {
      sim.command(cmd);
      if (cmd.type === 'passenger')
        onPassengerEvent({ time: sim.time, kind: 'arrive', floor: cmd.origin, car: null, count: cmd.count });
    },
    snapshot: (reuseKpis) => sim.snapshot(reuseKpis),
    results: () => sim.results(),
    passengerRecords: () => sim.passengerRecords(),
  };
}
