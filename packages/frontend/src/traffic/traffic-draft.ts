/**
 * Pure helpers behind the traffic picker: a starting OD matrix for a building, row normalisation,
 * the figures of an uploaded passenger list, and clock-time labels. Validation itself is the API's:
 * apiTrafficSchema plus checkTrafficForBuilding (see trafficIssues).
 */
import {
  apiTrafficSchema,
  issuesOf,
  type Building,
  type OdPeriod,
  type PassengerListTraffic,
  type Traffic,
} from '@hoistway/shared-types';
import { checkTrafficForBuilding, readPassengerCsv, TrafficInputError } from '@hoistway/simulator/browser';

export type TrafficSource = 'template' | 'od' | 'passengers';

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * A starting OD period: 12% of the population per 5 minutes, half of it arriving at the entrance
 * floors and half leaving the other floors in proportion to their population; destinations in
 * proportion to population, the entrance floors together drawing as much as all other floors.
 */
export function defaultOdPeriod(building: Building, duration = 1800): OdPeriod {
  const floors = building.floors;
  const population = floors.reduce((s, f) => s + f.population, 0);
  const entrances = floors.filter((f) => f.entrance).length || 1;
  const perFive = 0.12 * population;
  const rates = floors.map((f) =>
    round(
      f.entrance
        ? (perFive / 2) * (1 / entrances)
        : population > 0
          ? (perFive / 2) * (f.population / population)
          : 0,
      1,
    ),
  );
  const weight = floors.map((f) => (f.entrance ? population / entrances : f.population));
  const matrix = floors.map((_, i) =>
    normaliseRow(
      weight.map((w, j) => (j === i ? 0 : w)),
      i,
    ),
  );
  return { duration, rates, matrix };
}

/**
 * Scales a row to sum to 1 (3 decimals; the largest entry takes the rounding so the sum is exact).
 * A row of zeros spreads evenly over the other floors. The diagonal stays 0.
 */
export function normaliseRow(row: readonly number[], origin: number): number[] {
  const clean = row.map((p, j) => (j === origin || !(p > 0) ? 0 : p));
  let sum = clean.reduce((a, b) => a + b, 0);
  if (sum <= 0) {
    clean.forEach((_, j) => (clean[j] = j === origin ? 0 : 1));
    sum = clean.length - 1;
  }
  if (sum <= 0) return clean;
  const out = clean.map((p) => round(p / sum, 3));
  let largest = 0;
  out.forEach((p, j) => {
    if (p > out[largest]!) largest = j;
  });
  const rest = out.reduce((a, b, j) => (j === largest ? a : a + b), 0);
  out[largest] = round(1 - rest, 6);
  return out;
}

export function rowSum(row: readonly number[]): number {
  return row.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
}

/**
 * What the API would say about this traffic on this building: the request schema, then the
 * building checks. Keys are paths relative to the traffic (`periods[0].matrix[2][3]`).
 */
export function trafficIssues(building: Building | null, traffic: Traffic): Record<string, string> {
  const out: Record<string, string> = {};
  const parsed = apiTrafficSchema.safeParse(traffic);
  if (!parsed.success) {
    for (const i of issuesOf(parsed.error)) out[i.path] ??= i.message;
    return out;
  }
  if (building)
    for (const i of checkTrafficForBuilding(building, parsed.data))
      out[i.path === '(root)' ? '' : i.path] ??= i.message;
  return out;
}

/** `passengers[12].origin` → 12. */
export function passengerIndexOf(path: string): number | undefined {
  const m = /^passengers\[(\d+)\]/.exec(path);
  return m ? Number(m[1]) : undefined;
}

export interface PassengerListSummary {
  rows: number;
  persons: number;
  first: number;
  last: number;
  /** Persons arriving per bin of `binSeconds`, from t = 0. */
  bins: number[];
  binSeconds: number;
}

/** Count, time span and arrivals over time (about 30 bins of a round length) of a passenger list. */
export function summarisePassengers(traffic: PassengerListTraffic): PassengerListSummary | null {
  const list = traffic.passengers;
  if (list.length === 0) return null;
  let first = Infinity;
  let last = -Infinity;
  let persons = 0;
  for (const p of list) {
    first = Math.min(first, p.time);
    last = Math.max(last, p.time);
    persons += p.count;
  }
  const steps = [10, 30, 60, 120, 300, 600, 900, 1800, 3600];
  const binSeconds = steps.find((s) => (last + 1) / s <= 40) ?? 3600;
  const bins = Array.from({ length: Math.floor(last / binSeconds) + 1 }, () => 0);
  for (const p of list) bins[Math.floor(p.time / binSeconds)]! += p.count;
  return { rows: list.length, persons, first, last, bins, binSeconds };
}

export interface CsvUpload {
  name: string;
  text: string;
}

export interface LineIssue {
  /** 1-based line of the file, or null for the whole list. */
  line: number | null;
  column: string | null;
  message: string;
}

export interface ParsedUpload {
  traffic: PassengerListTraffic | null;
  /** Parse errors (`line 7.origin`) and the API's checks mapped to the passengers' lines. */
  issues: LineIssue[];
}

/** Parses an uploaded passenger list as the CLI does, then runs the API's checks on it. */
export function parseUpload(upload: CsvUpload, building: Building): ParsedUpload {
  let read: { traffic: PassengerListTraffic; lines: number[] };
  try {
    read = readPassengerCsv(upload.text, building);
  } catch (error) {
    if (!(error instanceof TrafficInputError)) throw error;
    return { traffic: null, issues: error.issues.map((i) => lineIssue(i.path, i.message)) };
  }
  const issues = Object.entries(trafficIssues(building, read.traffic)).map(([path, message]) => {
    const index = passengerIndexOf(path);
    const column = /\.(\w+)$/.exec(path)?.[1] ?? null;
    return index === undefined
      ? { line: null, column: null, message: `${path || 'list'}: ${message}` }
      : { line: read.lines[index] ?? null, column, message };
  });
  return { traffic: read.traffic, issues };
}

function lineIssue(path: string, message: string): LineIssue {
  const m = /^line (\d+)(?:\.(\w+))?$/.exec(path);
  return m
    ? { line: Number(m[1]), column: m[2] ?? null, message }
    : { line: null, column: null, message: `${path}: ${message}` };
}
