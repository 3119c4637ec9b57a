/** The optional event trace (tests and invariant checks): one record per car or passenger event. */
import { Phase, type CarState } from './model.js';
import type { Scheduler } from './scheduler.js';
import type { SimEvent, SimEventType } from './types.js';

export class Tracer {
  constructor(
    private readonly clock: Scheduler,
    private readonly on: ((e: SimEvent) => void) | undefined,
  ) {}

  emit(type: SimEventType, car: CarState, passenger?: number): void {
    const on = this.on;
    if (!on) return;
    const floor = car.phase === Phase.Moving && type !== 'depart' ? car.target : car.floor;
    const time = this.clock.time;
    on(
      passenger === undefined
        ? { type, time, car: car.index, floor, load: car.load }
        : { type, time, car: car.index, floor, load: car.load, passenger },
    );
  }
}
