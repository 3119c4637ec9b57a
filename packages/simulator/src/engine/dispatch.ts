/**
 * Dispatch decisions: which cars may answer a call, asking the dispatcher to choose among them
 * (with lazily evaluated candidates), and recording every decision for training data.
 */
import type { DispatcherConfig } from '@hoistway/shared-types';
import { LazyCandidate, LiveCarView } from './candidates.js';
import { createDispatcher } from './dispatchers/index.js';
import { ExpectedDestinations } from './expected-destinations.js';
import { UP, callIndex, type CarState, type Dir, type GroupState } from './model.js';
import { RoutePlanner } from './route.js';
import type { Scheduler } from './scheduler.js';
import type { EngineState } from './state.js';
import type {
  CandidateCar,
  DecisionContext,
  DecisionRecord,
  Dispatcher,
  SimulationOptions,
} from './types.js';

export class Dispatch {
  dispatcher: Dispatcher;
  config: DispatcherConfig;
  readonly planner: RoutePlanner;
  private readonly views: LiveCarView[];
  private readonly routeEnv: {
    floorCount: number;
    mainEntrance: number;
    destinationControl: boolean;
    groups: GroupState[];
    expected: ExpectedDestinations;
  };
  private decisions = 0;

  constructor(
    private readonly state: EngineState,
    private readonly clock: Scheduler,
    config: DispatcherConfig,
    private readonly opts: SimulationOptions,
  ) {
    this.config = config;
    this.dispatcher = opts.dispatcher ?? createDispatcher(config);
    this.views = state.cars.map((car) => new LiveCarView(car, clock));
    this.routeEnv = {
      floorCount: state.n,
      mainEntrance: state.mainEntrance,
      destinationControl: usesDestinationControl(this.dispatcher, config),
      groups: state.groups,
      expected: new ExpectedDestinations(state.building),
    };
    this.planner = new RoutePlanner(this.routeEnv);
  }

  get destinationControl(): boolean {
    return this.routeEnv.destinationControl;
  }

  /** Switch to another dispatcher; returns whether the control mode (conventional/destination) changed. */
  switchTo(config: DispatcherConfig): boolean {
    const next = createDispatcher(config);
    const nextDc = usesDestinationControl(next, config);
    this.dispatcher = next;
    this.config = config;
    if (nextDc === this.routeEnv.destinationControl) return false;
    this.routeEnv.destinationControl = nextDc;
    return true;
  }

  /**
   * Cars of the group serving `floor` and (if ≥ 0, and some car does) `destination`, without
   * `exclude` unless it is the only one.
   */
  candidateCars(group: GroupState, floor: number, destination: number, exclude: number): number[] {
    const cars = this.state.cars;
    const out: number[] = [];
    for (const ci of group.cars) {
      const serves = cars[ci]!.serves;
      if (serves[floor] === 1 && (destination < 0 || serves[destination] === 1)) out.push(ci);
    }
    if (out.length === 0) for (const ci of group.cars) if (cars[ci]!.serves[floor] === 1) out.push(ci);
    if (out.length > 1 && exclude >= 0) {
      const at = out.indexOf(exclude);
      if (at >= 0) out.splice(at, 1);
    }
    return out;
  }

  /** Seconds until `car` would open its doors for the call (floor, dir), from its planned stop list. */
  etaFor(car: CarState, group: GroupState, floor: number, dir: Dir): number {
    const extra = { floor, dir, destination: null };
    const now = this.clock.time;
    return new LazyCandidate(car, this.views[car.index]!, group, this.planner, extra, now).estimate().eta;
  }

  /** Ask the dispatcher to choose among `carIndices` for a call; returns the car and the decision id. */
  decide(
    group: GroupState,
    floor: number,
    dir: Dir,
    destination: number | null,
    carIndices: number[],
  ): { car: CarState; decision: number } {
    const now = this.clock.time;
    const cars = this.state.cars;
    const extra = { floor, dir, destination };
    const candidates: CandidateCar[] = carIndices.map(
      (ci) => new LazyCandidate(cars[ci]!, this.views[ci]!, group, this.planner, extra, now),
    );
    const call = { floor, direction: dir === UP ? ('up' as const) : ('down' as const), destination };
    const ctx: DecisionContext = {
      time: now,
      group: group.index,
      call,
      candidates,
      groupInfo: this.state.groupInfos[group.index]!,
      waiting: waitingIn(group),
      waitingAtLobby: group.queues[callIndex(UP, group.lobby, this.state.n)]!.length,
    };
    const chosen = this.dispatcher.choose(ctx);
    if (!Number.isInteger(chosen) || chosen < 0 || chosen >= candidates.length)
      throw new Error(
        `dispatcher "${this.dispatcher.name}" chose candidate ${chosen}, expected 0..${candidates.length - 1}`,
      );
    const id = this.decisions++;
    if (this.opts.onDecision) {
      const record: DecisionRecord = {
        id,
        time: now,
        group: group.index,
        call,
        candidates: candidates.map((c) => ({ carId: c.carId, features: [...c.features] })),
        chosen,
        dispatcher: this.dispatcher.name,
      };
      this.opts.onDecision(record);
    }
    return { car: cars[carIndices[chosen]!]!, decision: id };
  }
}

function usesDestinationControl(dispatcher: Dispatcher, config: DispatcherConfig): boolean {
  return dispatcher.destinationControl ?? config.name === 'destination';
}

function waitingIn(group: GroupState): number {
  let waiting = 0;
  for (const q of group.queues) waiting += q.length;
  return waiting;
}
