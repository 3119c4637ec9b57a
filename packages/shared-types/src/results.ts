/**
 * Simulation outputs. These are produced by the engine (never validated from user input), so they
 * are plain TypeScript types; every figure follows the definitions of domain.md.
 */
import type { DispatcherConfig } from './dispatcher.js';

export interface KpiSummary {
  /** Passengers generated in the whole run (including warm-up). */
  generated: number;
  /** Passengers delivered in the whole run. */
  delivered: number;
  /** Passengers still waiting or riding at the end. */
  inSystem: number;
  /** Passengers counted in the KPIs: arrived after warm-up and boarded. */
  counted: number;
  /** Average waiting time, s. */
  awt: number;
  /** Average time to destination (waiting + transit), s, over delivered counted passengers. */
  attd: number;
  /** Average transit time, s. */
  averageTransit: number;
  longestWait: number;
  p95Wait: number;
  /** % of counted waits over 60 s. */
  percentWaitsOver60: number;
  meanSquaredWait: number;
  /** Worst AWT over the 5-minute periods after warm-up. */
  worst5MinAwt: number;
  /** Mean time between successive departures from the main entrance floor, s (null if < 2 departures). */
  interval: number | null;
  /** Passengers carried (boarded) in the busiest 5 minutes. */
  hc5Persons: number;
  /** Same as % of building population. */
  hc5Percent: number;
}

/** One 5-minute period of the run. */
export interface PeriodKpis {
  /** Period start, s. */
  start: number;
  arrivals: number;
  /** Passengers who boarded in this period. */
  boarded: number;
  delivered: number;
  /** AWT of passengers who boarded in this period, s (null if none). */
  awt: number | null;
  /** ATTD of passengers delivered in this period, s (null if none). */
  attd: number | null;
  longestWait: number | null;
}

/** Waiting-time histogram: bin k counts waits in [k·binWidth, (k+1)·binWidth); the last bin is open-ended. */
export interface WaitHistogram {
  binWidth: number;
  counts: number[];
}

export interface CarFigures {
  id: string;
  group: string;
  stops: number;
  /** Metres travelled. */
  distance: number;
  passengersCarried: number;
  /** Time-averaged persons on board. */
  averageLoad: number;
  maxLoad: number;
  /** Departures from the main entrance floor. */
  mainEntranceDepartures: number;
}

export interface PassengerRecord {
  id: number;
  /** Arrival at the landing, s. */
  arrival: number;
  origin: number;
  destination: number;
  /** Time the responding car began opening its doors at the origin (null if never served). */
  boardDoorOpen: number | null;
  /** Time the doors began opening at the destination (null if not delivered). */
  alightDoorOpen: number | null;
  car: string | null;
  waitTime: number | null;
  transitTime: number | null;
  /** Whether the passenger counts in the KPIs (arrived after warm-up). */
  counted: boolean;
}

export interface SimulationResults {
  schemaVersion: 1;
  building: string;
  dispatcher: DispatcherConfig;
  seed: number;
  duration: number;
  warmUp: number;
  /** Simulated time at which the run ended (≥ duration when draining). */
  endTime: number;
  kpis: KpiSummary;
  series: PeriodKpis[];
  waitHistogram: WaitHistogram;
  cars: CarFigures[];
}
