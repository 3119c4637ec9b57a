/**
 * Invariants every run must satisfy, checked from the outside (event trace, results, passenger
 * records) with independent arithmetic. Returns the list of violations (empty when all hold).
 */
import type { Building, PassengerRecord, SimulationResults } from '@hoistway/shared-types';
import type { PassengerArrival } from '../traffic/arrival.js';
import type { SimEvent } from './types.js';

export interface InvariantTrace {
  events: readonly SimEvent[];
  /** The arrivals given to the run, to check that none got lost. */
  arrivals?: readonly PassengerArrival[];
}

export function checkInvariants(
  trace: InvariantTrace,
  results: SimulationResults,
  passengers: readonly PassengerRecord[],
  building: Building,
): string[] {
  const problems: string[] = [];
  const fail = (msg: string) => {
    if (problems.length < 50) problems.push(msg);
  };
  const cars = building.groups.flatMap((g) =>
    g.cars.map((c) => ({ capacity: c.capacity, served: new Set(c.servedFloors ?? g.servedFloors) })),
  );
  const boardLimit = (capacity: number) => Math.max(1, Math.floor(capacity * building.loadingFactor + 1e-9));

  // Every passenger generated is delivered or still in the system, exactly once.
  const byId = new Map<number, PassengerRecord>();
  for (const p of passengers) {
    if (byId.has(p.id)) fail(`passenger ${p.id} recorded twice`);
    byId.set(p.id, p);
  }
  if (trace.arrivals)
    for (const a of trace.arrivals)
      if (a.time < results.duration && !byId.has(a.id)) fail(`passenger ${a.id} was lost`);
  const delivered = passengers.filter((p) => p.alightDoorOpen !== null).length;
  if (results.kpis.generated !== passengers.length)
    fail(`generated ${results.kpis.generated} ≠ ${passengers.length} records`);
  if (results.kpis.delivered !== delivered)
    fail(`delivered ${results.kpis.delivered} ≠ ${delivered} from records`);
  if (results.kpis.inSystem !== passengers.length - delivered)
    fail(`inSystem ${results.kpis.inSystem} wrong`);
  for (const p of passengers) {
    if (p.alightDoorOpen !== null && p.boardDoorOpen === null)
      fail(`passenger ${p.id} alighted without boarding`);
    if (p.boardDoorOpen !== null && p.boardDoorOpen < p.arrival - 1e-9)
      fail(`passenger ${p.id} boarded before arriving`);
    if (p.alightDoorOpen !== null && p.boardDoorOpen !== null && p.alightDoorOpen <= p.boardDoorOpen)
      fail(`passenger ${p.id} arrived before leaving`);
    if (p.waitTime !== null && p.waitTime < -1e-9) fail(`passenger ${p.id} negative wait`);
  }

  // Door, load and floor rules from the event trace.
  const door = cars.map(() => 'closed');
  const load = cars.map(() => 0);
  for (const e of trace.events) {
    const car = cars[e.car];
    if (!car) {
      fail(`event for unknown car ${e.car}`);
      continue;
    }
    const at = `car ${e.car} t=${e.time.toFixed(3)} ${e.type}@${e.floor}`;
    switch (e.type) {
      case 'depart':
        if (door[e.car] !== 'closed') fail(`${at}: moves with doors ${door[e.car]}`);
        break;
      case 'arrive':
        if (door[e.car] !== 'closed') fail(`${at}: moving with doors ${door[e.car]}`);
        break;
      case 'doorOpening':
        if (!car.served.has(e.floor)) fail(`${at}: stops at a floor it does not serve`);
        door[e.car] = 'opening';
        break;
      case 'doorOpen':
        door[e.car] = 'open';
        break;
      case 'doorClosing':
        door[e.car] = 'closing';
        break;
      case 'doorClosed':
        door[e.car] = 'closed';
        break;
      case 'board':
      case 'alight': {
        if (door[e.car] !== 'open') fail(`${at}: transfer with doors ${door[e.car]}`);
        load[e.car]! += e.type === 'board' ? 1 : -1;
        const p = e.passenger === undefined ? undefined : byId.get(e.passenger);
        if (p && e.floor !== (e.type === 'board' ? p.origin : p.destination))
          fail(`${at}: passenger ${p.id} at the wrong floor`);
        break;
      }
    }
    if (e.load !== load[e.car]) fail(`${at}: load ${e.load} ≠ counted ${load[e.car]}`);
    if (e.load > car.capacity || e.load > boardLimit(car.capacity))
      fail(`${at}: load ${e.load} over the limit`);
    if (e.load < 0) fail(`${at}: negative load`);
  }

  // KPIs recomputed from the per-passenger records: every passenger who arrived after warm-up, those
  // never boarded at their elapsed wait (censored at the end of the run).
  const warmUp = results.warmUp;
  const endTime = results.endTime;
  const counted = passengers.filter((p) => p.arrival >= warmUp);
  const waiting = counted.filter((p) => p.waitTime === null);
  const waits = counted.map((p) => p.waitTime ?? Math.max(0, endTime - p.arrival));
  const done = counted.filter((p) => p.waitTime !== null && p.transitTime !== null);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const sorted = [...waits].sort((a, b) => a - b);
  const k = results.kpis;
  const close = (name: string, got: number | null, want: number | null) => {
    if (got === null || want === null) {
      if (got !== want) fail(`kpi ${name}: ${got} ≠ recomputed ${want}`);
    } else if (Math.abs(got - want) > 1e-3 + 1e-9 * Math.abs(want))
      fail(`kpi ${name}: ${got} ≠ recomputed ${want}`);
  };
  if (k.counted !== counted.length) fail(`kpi counted: ${k.counted} ≠ ${counted.length}`);
  if (k.stillWaiting !== waiting.length) fail(`kpi stillWaiting: ${k.stillWaiting} ≠ ${waiting.length}`);
  close('awt', k.awt, avg(waits));
  close('attd', k.attd, avg(done.map((p) => p.waitTime! + p.transitTime!)));
  close('averageTransit', k.averageTransit, avg(done.map((p) => p.transitTime!)));
  close('longestWait', k.longestWait, sorted.length ? sorted[sorted.length - 1]! : 0);
  close('p95Wait', k.p95Wait, sorted.length ? sorted[Math.ceil(0.95 * sorted.length) - 1]! : 0);
  close(
    'percentWaitsOver60',
    k.percentWaitsOver60,
    waits.length ? (100 * waits.filter((w) => w > 60).length) / waits.length : 0,
  );
  close('meanSquaredWait', k.meanSquaredWait, avg(waits.map((w) => w * w)));
  const boards = passengers
    .filter((p) => p.boardDoorOpen !== null && p.boardDoorOpen >= warmUp)
    .map((p) => p.boardDoorOpen!);
  let peak = 0;
  for (const t of boards) peak = Math.max(peak, boards.filter((b) => b >= t && b < t + 300).length);
  if (k.peak5MinPersons !== peak) fail(`kpi peak5MinPersons: ${k.peak5MinPersons} ≠ ${peak}`);
  const measuredEnd = Math.min(results.duration, endTime);
  close(
    'throughput5MinPersons',
    k.throughput5MinPersons,
    measuredEnd > warmUp
      ? (300 * boards.filter((b) => b < measuredEnd).length) / (measuredEnd - warmUp)
      : null,
  );

  // Per-group intervals from the event trace: departures from the group's lowest entrance floor
  // after its doors opened there, never pooled over groups.
  const groupOfCar = building.groups.flatMap((g, gi) => g.cars.map(() => gi));
  const mainFloor = building.groups.map(
    (g) => [...g.servedFloors].sort((a, b) => a - b).find((f) => building.floors[f]?.entrance) ?? -1,
  );
  const opened = cars.map(() => false);
  const departures: number[][] = building.groups.map(() => []);
  for (const e of trace.events) {
    if (e.type === 'doorOpening') opened[e.car] = true;
    else if (e.type === 'depart') {
      const g = groupOfCar[e.car];
      if (g !== undefined && opened[e.car] && e.floor === mainFloor[g] && e.time >= warmUp)
        departures[g]!.push(e.time);
      opened[e.car] = false;
    }
  }
  if (k.groups.length !== building.groups.length)
    fail(`kpi groups: ${k.groups.length} entries for ${building.groups.length} groups`);
  const capacityOf = (gi: number) =>
    building.groups[gi]!.cars.reduce((s, c) => s + boardLimit(c.capacity), 0);
  const groupIntervals: number[] = [];
  building.groups.forEach((g, gi) => {
    const got = k.groups[gi];
    if (!got || got.group !== g.name) return fail(`kpi groups[${gi}] is not group ${g.name}`);
    if (trace.events.length > 0) {
      const d = departures[gi]!;
      close(
        `groups[${gi}].interval`,
        got.interval,
        d.length >= 2 ? (d[d.length - 1]! - d[0]!) / (d.length - 1) : null,
      );
    }
    if (got.interval !== null) groupIntervals.push(got.interval);
    const left = waiting.filter((p) => p.group === g.name).length;
    if (got.stillWaiting !== left) fail(`kpi groups[${gi}].stillWaiting: ${got.stillWaiting} ≠ ${left}`);
    if (got.pickupCapacity !== capacityOf(gi))
      fail(`kpi groups[${gi}].pickupCapacity: ${got.pickupCapacity} ≠ ${capacityOf(gi)}`);
    if (got.saturated !== left > capacityOf(gi)) fail(`kpi groups[${gi}].saturated wrong`);
  });
  close('interval', k.interval, groupIntervals.length ? avg(groupIntervals) : null);
  if (k.saturated !== k.groups.some((g) => g.saturated)) fail('kpi saturated ≠ any group saturated');
  const histogramTotal = results.waitHistogram.counts.reduce((a, b) => a + b, 0);
  if (histogramTotal !== counted.length)
    fail(`histogram holds ${histogramTotal} waits, expected ${counted.length}`);
  const carried = results.cars.reduce((s, c) => s + c.passengersCarried, 0);
  const boarded = passengers.filter((p) => p.boardDoorOpen !== null).length;
  if (carried !== boarded) fail(`cars carried ${carried} ≠ ${boarded} boarded passengers`);
  return problems;
}
