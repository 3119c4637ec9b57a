import type {
  Building,
  KpiSummary,
  LivePassengerEvent,
  PassengerRecord,
  RunConfig,
  SimulationCommand,
  SimulationResults,
  SimulationSnapshot,
  Traffic,
} from '@hoistway/shared-types';

/** Everything that determines a session's simulation: with the command log, it replays exactly. */
export interface SessionSpec {
  sessionId: string;
  building: Building;
  traffic: Traffic;
  /** Validated run configuration; `config.seed` is the session's seed. */
  config: RunConfig;
}

/** The part of the engine's `Simulation` a live session drives. */
export interface LiveSimulation {
  readonly time: number;
  readonly endTime: number;
  readonly finished: boolean;
  advanceTo(t: number): void;
  /** `reuseKpis` skips recomputing the KPIs (O(passengers)) when a frame can show earlier ones. */
  snapshot(reuseKpis?: KpiSummary): SimulationSnapshot;
  command(cmd: SimulationCommand): void;
  results(): SimulationResults;
  passengerRecords(): PassengerRecord[];
}

export type PassengerEventSink = (event: LivePassengerEvent) => void;
