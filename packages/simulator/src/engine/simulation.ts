/**
 * The discrete-event elevator simulation: the facade over the engine's parts. No clock, no
 * randomness: the same inputs give the same results.
 *
 * - `state.ts` builds cars, groups and trip routing from the building;
 * - `scheduler.ts` owns the clock and the event queue (car phase ends, passenger arrivals);
 * - `car-controller.ts` runs each car's phase machine;
 * - `calls/` turns waiting passengers into work for cars (conventional or destination control);
 * - `transfers.ts` boards and alights passengers;
 * - `dispatch.ts` asks the dispatcher to choose a car for a call;
 * - `report.ts` builds passenger records, results and snapshots.
 */
import type {
  Building,
  DispatcherConfig,
  KpiSummary,
  PassengerRecord,
  RunConfig,
  SimulationCommand,
  SimulationResults,
  SimulationSnapshot,
} from '@hoistway/shared-types';
import type { PassengerArrival } from '../traffic/arrival.js';
import type { CallHandling } from './calls/call-handling.js';
import { ConventionalCalls } from './calls/conventional.js';
import { DestinationCalls } from './calls/destination.js';
import { CarController } from './car-controller.js';
import { Dispatch } from './dispatch.js';
import { GroupChooser } from './group-choice.js';
import { DOWN, UP, WAITING, dirOf, type Dir, type Passenger } from './model.js';
import type { EngineParts } from './parts.js';
import {
  buildResults,
  buildSnapshot,
  passengerDecisionIds,
  passengerRecords,
  passengerResponsibleDecisions,
} from './report.js';
import { ParkingPlanner } from './parking.js';
import { Scheduler, type EventHandlers } from './scheduler.js';
import { buildEngineState, type EngineState } from './state.js';
import { Tracer } from './trace.js';
import { Transfers } from './transfers.js';
import type { SimulationOptions } from './types.js';

export { PARKING_DELAY } from './parking.js';

export class Simulation {
  readonly building: Building;
  readonly endTime: number;
  private readonly config: RunConfig;
  private readonly state: EngineState;
  private readonly parts: EngineParts;
  private readonly handlers: EventHandlers;
  private readonly groupChooser: GroupChooser;
  private nextPassengerId: number;
  private done = false;

  constructor(
    building: Building,
    arrivals: readonly PassengerArrival[],
    config: RunConfig,
    options: SimulationOptions = {},
  ) {
    this.building = building;
    this.config = config;
    this.endTime = config.duration + config.drainTime;
    const state = buildEngineState(building);
    this.state = state;
    this.groupChooser = new GroupChooser(state, config.seed);
    const sorted = checkedArrivals(arrivals, state.n, this.groupChooser);
    this.nextPassengerId = sorted.reduce((m, a) => Math.max(m, a.id + 1), 0);

    const clock = new Scheduler(state.cars.length, sorted, config.duration);
    const parts = { state, clock, trace: new Tracer(clock, options.onEvent) } as {
      -readonly [K in keyof EngineParts]: EngineParts[K];
    };
    parts.dispatch = new Dispatch(state, clock, config.dispatcher, options);
    parts.cars = new CarController(parts);
    parts.transfers = new Transfers(parts);
    const entrance = Uint8Array.from(building.floors, (f) => (f.entrance ? 1 : 0));
    parts.parking = new ParkingPlanner(state.groups, state.cars, entrance);
    parts.calls = callHandling(parts, parts.dispatch.destinationControl);
    this.parts = parts;

    const draining = config.drainTime > 0;
    this.handlers = {
      arrival: (a) => this.arrive(a.id, a.time, a.origin, a.destination),
      carEvent: (ci) => parts.cars.phaseEnded(state.cars[ci]!),
      // Draining ends as soon as the last passenger is delivered.
      stopNow: () => draining && clock.time >= config.duration && state.passengers.length === state.delivered,
    };
  }

  get time(): number {
    return this.parts.clock.time;
  }

  get finished(): boolean {
    return this.done;
  }

  /** Process every event up to `t` (clamped to endTime). */
  advanceTo(t: number): void {
    if (this.done) return;
    const { clock } = this.parts;
    const { duration } = this.config;
    const state = this.state;
    if (clock.advanceTo(Math.min(t, this.endTime), this.handlers)) {
      this.done = true;
      return;
    }
    const draining = this.config.drainTime > 0;
    if (
      draining &&
      clock.time >= duration &&
      !clock.arrivalsLeft() &&
      state.passengers.length === state.delivered
    ) {
      clock.setTime(Math.max(duration, state.lastDelivery));
      this.done = true;
    } else if (clock.time >= this.endTime) this.done = true;
  }

  /** Run to the end; onProgress is called at most ~100 times. */
  runToEnd(onProgress?: (simTime: number, endTime: number) => void): void {
    const step = this.endTime / 100;
    for (let k = 1; !this.done; k++) {
      this.advanceTo(k >= 100 ? this.endTime : k * step);
      onProgress?.(this.time, this.endTime);
    }
  }

  private arrive(id: number, time: number, origin: number, destination: number): void {
    const p: Passenger = {
      id,
      arrival: time,
      origin,
      destination,
      group: this.groupChooser.choose(id, origin, destination),
      dir: dirOf(origin, destination),
      state: WAITING,
      boardDoorOpen: NaN,
      alightDoorOpen: NaN,
      car: -1,
      assignedCar: -1,
      decisionId: -1,
    };
    this.state.passengers.push(p);
    this.parts.parking.noteArrival(p.group, time, origin, destination);
    this.parts.calls.arrive(p);
  }

  /** Inject passengers now, register a hall call, or switch the dispatcher. Bad floors throw RangeError. */
  command(cmd: SimulationCommand): void {
    const { n, cars, groups } = this.state;
    const floorOk = (f: number) => Number.isInteger(f) && f >= 0 && f < n;
    switch (cmd.type) {
      case 'passenger': {
        if (!floorOk(cmd.origin)) throw new RangeError(`origin ${cmd.origin} is not a floor (0..${n - 1})`);
        if (!floorOk(cmd.destination))
          throw new RangeError(`destination ${cmd.destination} is not a floor (0..${n - 1})`);
        if (cmd.origin === cmd.destination)
          throw new RangeError(`destination must differ from origin (${cmd.origin})`);
        if (!this.groupChooser.serves(cmd.origin, cmd.destination))
          throw new RangeError(`no car serves both floor ${cmd.origin} and floor ${cmd.destination}`);
        const count = cmd.count ?? 1;
        for (let i = 0; i < count; i++)
          this.arrive(this.nextPassengerId++, this.time, cmd.origin, cmd.destination);
        return;
      }
      case 'hallCall': {
        if (!floorOk(cmd.floor)) throw new RangeError(`floor ${cmd.floor} is not a floor (0..${n - 1})`);
        const dir: Dir = cmd.direction === 'up' ? UP : DOWN;
        const group = groups.find((g) =>
          g.cars.some((ci) => {
            const serves = cars[ci]!.serves;
            if (serves[cmd.floor] !== 1) return false;
            for (let f = 0; f < n; f++)
              if (serves[f] === 1 && (dir === UP ? f > cmd.floor : f < cmd.floor)) return true;
            return false;
          }),
        );
        if (!group) throw new RangeError(`no car serves floor ${cmd.floor} going ${cmd.direction}`);
        this.parts.calls.registerHallCall(group, cmd.floor, dir);
        return;
      }
      case 'dispatcher':
        return this.switchDispatcher(cmd.dispatcher);
    }
  }

  private switchDispatcher(config: DispatcherConfig): void {
    const parts = this.parts;
    if (!parts.dispatch.switchTo(config)) return;
    parts.calls = callHandling(parts, parts.dispatch.destinationControl);
    parts.calls.takeOver();
    for (const car of this.state.cars) parts.cars.wake(car);
  }

  passengerRecords(): PassengerRecord[] {
    return passengerRecords(this.state, this.config);
  }

  /** Decision that served each passenger, aligned with passengerRecords() (null if none). */
  passengerDecisionIds(): (number | null)[] {
    return passengerDecisionIds(this.state);
  }

  /** Like passengerDecisionIds, and for those still waiting the decision holding their call (training labels). */
  passengerResponsibleDecisions(): (number | null)[] {
    return passengerResponsibleDecisions(this.state);
  }

  /** `records`: this run's passengerRecords(), if the caller already has them. */
  results(records: readonly PassengerRecord[] = this.passengerRecords()): SimulationResults {
    return buildResults(this.parts, this.config, records);
  }

  /**
   * `reuseKpis`: KPIs computed earlier, to pass through instead of recomputing them (they cost
   * O(passengers); live sessions refresh car states at 10 Hz but KPIs about once a second).
   */
  snapshot(reuseKpis?: KpiSummary): SimulationSnapshot {
    return buildSnapshot(this.parts, reuseKpis ?? this.results().kpis);
  }
}

function callHandling(parts: EngineParts, destinationControl: boolean): CallHandling {
  return destinationControl ? new DestinationCalls(parts) : new ConventionalCalls(parts);
}

/** Validate floors and servability; return the arrivals sorted by time (stable). */
function checkedArrivals(
  arrivals: readonly PassengerArrival[],
  n: number,
  groups: GroupChooser,
): readonly PassengerArrival[] {
  let sorted = true;
  let last = -Infinity;
  for (const a of arrivals) {
    const { origin: o, destination: d, time } = a;
    const floorsOk =
      Number.isInteger(o) && Number.isInteger(d) && o >= 0 && d >= 0 && o < n && d < n && o !== d;
    if (!floorsOk || !(time >= 0) || !Number.isFinite(time))
      throw new Error(`passenger ${a.id}: invalid trip from floor ${o} to floor ${d} at t=${time}`);
    if (!groups.serves(o, d))
      throw new Error(`passenger ${a.id}: no car group serves both floor ${o} and floor ${d}`);
    if (time < last) sorted = false;
    last = time;
  }
  return sorted ? arrivals : [...arrivals].sort((a, b) => a.time - b.time);
}
