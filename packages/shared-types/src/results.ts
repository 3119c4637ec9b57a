/**
 * Simulation outputs. These are produced by the engine (never validated from user input), so they
 * are plain TypeScript types; every figure follows the definitions in docs/architecture.md (KPIs).
 */
import type { DispatcherConfig } from './dispatcher.js';

/**
 * Figures of one car group. A group's main entrance floor is the lowest entrance floor it serves; a
 * group serving no entrance floor has no departures and no interval.
 */
export interface GroupKpis {
  group: string;
  /**
   * Mean time between successive departures of the group's cars from its main entrance floor after
   * warm-up, s (null with fewer than 2 departures).
   */
  interval: number | null;
  /** Counted passengers of this group who had not boarded when the run ended (censored waits). */
  stillWaiting: number;
  /** One full load of every car of the group: Σ floor(capacity × loading factor). */
  pickupCapacity: number;
  /** More passengers left waiting than the group's cars could pick up in one trip each. */
  saturated: boolean;
}

export interface KpiSummary {
  /** Passengers generated in the whole run (including warm-up). */
  generated: number;
  /** Passengers delivered in the whole run. */
  delivered: number;
  /** Passengers still waiting or riding at the end. */
  inSystem: number;
  /**
   * Passengers counted in the waiting KPIs: everyone who arrived after warm-up, whether they boarded
   * or not.
   */
  counted: number;
  /**
   * Counted passengers still waiting (never boarded) when the run ended. Their waits are censored:
   * the waiting KPIs count them at their elapsed wait (end time − arrival), a lower bound.
   */
  stillWaiting: number;
  /** Average waiting time over the counted passengers (censored waits at their elapsed time), s. */
  awt: number;
  /** Average time to destination (waiting + transit), s, over the delivered counted passengers. */
  attd: number;
  /** Average transit time over the delivered counted passengers, s. */
  averageTransit: number;
  /** Longest wait of a counted passenger (a censored wait at its elapsed time), s. */
  longestWait: number;
  p95Wait: number;
  /** % of counted waits over 60 s. */
  percentWaitsOver60: number;
  meanSquaredWait: number;
  /** Worst AWT over the 5-minute periods after warm-up (censored waits fall in the last period). */
  worst5MinAwt: number;
  /**
   * Headline interval, s: the mean of the per-group intervals (`groups[].interval`), never the
   * departures of all groups pooled; null when no group has one.
   */
  interval: number | null;
  /**
   * Achieved handling capacity: mean passengers boarded per 5 minutes over the measured period
   * (after warm-up until the end of arrivals). The calculator's HC5 when the run is saturated; the
   * demand when the cars keep up. Null before the measured period has begun.
   */
  throughput5MinPersons: number | null;
  /** Same as % of building population (null without population). */
  throughput5MinPercent: number | null;
  /** Peak: passengers boarded in the busiest sliding 5-minute window after warm-up (normally above the mean). */
  peak5MinPersons: number;
  /** Same as % of building population (null without population). */
  peak5MinPercent: number | null;
  /** Any group saturated: more passengers left waiting than its cars could pick up in one trip each. */
  saturated: boolean;
  /** Per car group, in building order. */
  groups: GroupKpis[];
}

/** KPI keys whose value is a number (or null): what tables, comparisons and confidence intervals use. */
export type NumericKpiKey = {
  [K in keyof KpiSummary]-?: KpiSummary[K] extends number | null ? K : never;
}[keyof KpiSummary];

/** One 5-minute period of the run. */
export interface PeriodKpis {
  /** Period start, s. */
  start: number;
  arrivals: number;
  /** Passengers who boarded in this period. */
  boarded: number;
  delivered: number;
  /**
   * AWT of the counted passengers whose wait ended in this period, s (null if none): those who boarded
   * in it and, in the last period, those still waiting at the end (at their elapsed wait).
   */
  awt: number | null;
  /** ATTD of passengers delivered in this period, s (null if none). */
  attd: number | null;
  /** Longest wait ended in this period (null if none). */
  longestWait: number | null;
  /**
   * Counted passengers still waiting when the run ended; only the last period has any. Their
   * elapsed waits are in that period's AWT and longest wait. Absent in results before schema 2.
   */
  stillWaiting?: number;
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
  /** Departures from its group's main entrance floor (the lowest entrance floor the group serves). */
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
  /** Name of the car group carrying the trip. */
  group: string;
}

/**
 * Version of the results shape. 2: waiting KPIs include passengers still waiting at the end
 * (censored), throughput and peak 5-minute figures replace `hc5*`, intervals per group. Stored
 * results of version 1 lack those fields; readers show them as missing.
 */
export const RESULTS_SCHEMA_VERSION = 2;

export interface SimulationResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
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
