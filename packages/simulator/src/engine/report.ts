/** What a run reports: per-passenger records, results with KPIs, and live snapshots. */
import {
  dispatcherConfigSummary,
  type CarFigures,
  type CarSnapshot,
  type DoorState,
  type HallCallSnapshot,
  type KpiSummary,
  type PassengerRecord,
  type QueueSnapshot,
  type RunConfig,
  type SimulationResults,
  type SimulationSnapshot,
} from '@hoistway/shared-types';
import { stateAt } from '../motion.js';
import { carPosition } from './candidates.js';
import { computeHistogram, computeKpis, computeSeries, round3 } from './kpis.js';
import { DOWN, Phase, UP, WAITING, callIndex, dirName, type CarState } from './model.js';
import type { EngineParts } from './parts.js';
import type { EngineState } from './state.js';

export function passengerRecords(state: EngineState, config: RunConfig): PassengerRecord[] {
  const warmUp = config.warmUp;
  return state.passengers.map((p) => {
    const boarded = !Number.isNaN(p.boardDoorOpen);
    const alighted = !Number.isNaN(p.alightDoorOpen);
    return {
      id: p.id,
      arrival: p.arrival,
      origin: p.origin,
      destination: p.destination,
      boardDoorOpen: boarded ? p.boardDoorOpen : null,
      alightDoorOpen: alighted ? p.alightDoorOpen : null,
      car: p.car >= 0 ? state.cars[p.car]!.id : null,
      waitTime: boarded ? p.boardDoorOpen - p.arrival : null,
      transitTime: alighted ? p.alightDoorOpen - p.boardDoorOpen : null,
      counted: p.arrival >= warmUp,
      group: state.groups[p.group]!.name,
    };
  });
}

/**
 * The decision responsible for each passenger, aligned with passengerRecords(): the one that served
 * them, or for someone still waiting the decision that holds their call (or their allocation) now;
 * null if none (served in front, or a call no car was ever assigned to).
 */
export function passengerResponsibleDecisions(state: EngineState): (number | null)[] {
  const n = state.n;
  return state.passengers.map((p) => {
    if (p.decisionId >= 0) return p.decisionId;
    if (p.state !== WAITING) return null;
    const group = state.groups[p.group]!;
    const d = group.callDecision[callIndex(p.dir, p.origin, n)]!;
    return d >= 0 ? d : null;
  });
}

/** Decision that served each passenger, aligned with passengerRecords() (null if none). */
export function passengerDecisionIds(state: EngineState): (number | null)[] {
  return state.passengers.map((p) => (p.decisionId >= 0 && p.state !== WAITING ? p.decisionId : null));
}

export function buildResults(
  e: EngineParts,
  config: RunConfig,
  records: readonly PassengerRecord[] = passengerRecords(e.state, config),
): SimulationResults {
  const { state } = e;
  const now = e.clock.time;
  const series = computeSeries(records, now);
  const kpis = computeKpis(
    {
      records,
      warmUp: config.warmUp,
      duration: config.duration,
      endTime: now,
      population: state.population,
      groups: state.groups.map((g) => ({
        name: g.name,
        pickupCapacity: g.cars.reduce((sum, c) => sum + state.cars[c]!.boardLimit, 0),
        mainDepartures: state.mainDepartures[g.index]!,
      })),
    },
    series,
  );
  return {
    schemaVersion: 2,
    building: state.building.name,
    dispatcher: dispatcherConfigSummary(e.dispatch.config),
    seed: config.seed,
    duration: config.duration,
    warmUp: config.warmUp,
    endTime: round3(now),
    kpis,
    series,
    waitHistogram: computeHistogram(records, now),
    cars: state.cars.map((c) => carFigures(e, c)),
  };
}

function carFigures(e: EngineParts, car: CarState): CarFigures {
  const now = e.clock.time;
  const integral = car.loadIntegral + car.load * (now - car.lastLoadChange);
  return {
    id: car.id,
    group: e.state.groups[car.group]!.name,
    stops: car.stops,
    distance: round3(car.distance),
    passengersCarried: car.carried,
    averageLoad: round3(now > 0 ? integral / now : 0),
    maxLoad: car.maxLoad,
    mainEntranceDepartures: car.mainEntranceDepartures,
  };
}

export function buildSnapshot(e: EngineParts, kpis: KpiSummary): SimulationSnapshot {
  const { state, dispatch } = e;
  const now = e.clock.time;
  const n = state.n;
  const cars: CarSnapshot[] = state.cars.map((car) => {
    const moving = car.phase === Phase.Moving && car.profile !== null;
    const motion = moving ? stateAt(car.profile!, now - car.flightStart) : null;
    const sign = car.target > car.floor ? 1 : -1;
    return {
      id: car.id,
      group: state.groups[car.group]!.name,
      position: carPosition(car, now),
      velocity: motion ? sign * motion.velocity : 0,
      acceleration: motion ? sign * motion.acceleration : 0,
      direction: dirName(car.dir),
      door: doorState(car.phase),
      load: car.load,
      capacity: car.capacity,
      stops: dispatch.planner.plannedStops(car, now),
      target: moving ? car.target : null,
    };
  });
  const queues: QueueSnapshot[] = [];
  let waiting = 0;
  for (let f = 0; f < n; f++) {
    let up = 0;
    let down = 0;
    for (const g of state.groups) {
      up += g.queues[callIndex(UP, f, n)]!.length;
      down += g.queues[callIndex(DOWN, f, n)]!.length;
    }
    waiting += up + down;
    if (up + down > 0) queues.push({ floor: f, up, down });
  }
  const calls: HallCallSnapshot[] = [];
  e.calls.snapshotCalls(calls);
  return {
    time: now,
    dispatcher: dispatch.dispatcher.name,
    cars,
    queues,
    calls,
    riding: state.cars.reduce((s, c) => s + c.load, 0),
    waiting,
    kpis,
  };
}

function doorState(phase: Phase): DoorState {
  return phase === Phase.Opening
    ? 'opening'
    : phase === Phase.Open
      ? 'open'
      : phase === Phase.Closing
        ? 'closing'
        : 'closed';
}
