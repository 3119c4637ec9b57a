import type {
  KpiSummary,
  LivePassengerEvent,
  PassengerRecord,
  SimulationCommand,
  SimulationResults,
  SimulationSnapshot,
} from '@hoistway/shared-types';

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
