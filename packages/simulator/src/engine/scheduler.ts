/**
 * The clock and the event queue, nothing else: each car has at most one pending event (the end of
 * its current phase) in an indexed binary heap, and passenger arrivals are merged in from the sorted
 * arrival list. Ties: arrivals before car events, cars by index.
 */
import type { PassengerArrival } from '../traffic/arrival.js';
import { CarEventHeap } from './event-heap.js';

export interface EventHandlers {
  arrival(a: PassengerArrival): void;
  carEvent(car: number): void;
  /** Asked after every event: true stops the run at once. */
  stopNow(): boolean;
}

export class Scheduler {
  private current = 0;
  private readonly heap: CarEventHeap;
  private nextArrival = 0;

  /** `arrivals` sorted by time; only those before `arrivalEnd` happen. */
  constructor(
    carCount: number,
    private readonly arrivals: readonly PassengerArrival[],
    private readonly arrivalEnd: number,
  ) {
    this.heap = new CarEventHeap(carCount);
  }

  get time(): number {
    return this.current;
  }

  /** Schedule the car's next event at `t` (Infinity: none). */
  setCarEvent(car: number, t: number): void {
    this.heap.set(car, t);
  }

  /**
   * Process every event at or before `until`, in order. Returns true when `stopNow` ended it early;
   * otherwise the clock stands at `until` (or later, if it already was).
   */
  advanceTo(until: number, on: EventHandlers): boolean {
    for (;;) {
      const tc = this.heap.peekTime();
      const next = this.arrivals[this.nextArrival];
      const ta = next && next.time < this.arrivalEnd ? next.time : Infinity;
      const te = Math.min(ta, tc);
      if (te > until) break;
      if (te > this.current) this.current = te;
      if (ta <= tc) {
        this.nextArrival++;
        on.arrival(next!);
      } else on.carEvent(this.heap.peek());
      if (on.stopNow()) return true;
    }
    this.current = Math.max(this.current, until);
    return false;
  }

  /** Whether arrivals before `arrivalEnd` are still to come. */
  arrivalsLeft(): boolean {
    return this.nextArrival < this.arrivals.length && this.arrivals[this.nextArrival]!.time < this.arrivalEnd;
  }

  /** Move the clock to `t` (the end of a drain, which may precede the last advance target). */
  setTime(t: number): void {
    this.current = t;
  }
}
