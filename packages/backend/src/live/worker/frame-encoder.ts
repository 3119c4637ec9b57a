import type {
  FrameCar,
  LiveFrame,
  LivePassengerEvent,
  LiveSpeed,
  LiveStatus,
  SimulationSnapshot,
} from '@hoistway/shared-types';

/** Most passenger events one frame carries; the rest are only counted (a frame must stay small). */
export const MAX_EVENTS_PER_FRAME = 200;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Collects passenger events between two frames, bounded. */
export class PassengerEventBatch {
  private events: LivePassengerEvent[] = [];
  private dropped = 0;

  push(event: LivePassengerEvent): void {
    // Same moment, place and car (a group boarding together): one event with a count.
    const last = this.events[this.events.length - 1];
    if (
      last &&
      last.time === event.time &&
      last.kind === event.kind &&
      last.floor === event.floor &&
      last.car === event.car
    )
      last.count += event.count;
    else if (this.events.length < MAX_EVENTS_PER_FRAME) this.events.push({ ...event });
    else this.dropped += event.count;
  }

  /** Returns the batch and starts a new one. */
  take(): { events: LivePassengerEvent[]; dropped: number } {
    const out = { events: this.events, dropped: this.dropped };
    this.events = [];
    this.dropped = 0;
    return out;
  }
}

export function frameCars(snapshot: SimulationSnapshot): FrameCar[] {
  return snapshot.cars.map((c) => ({
    id: c.id,
    position: round3(c.position),
    velocity: round3(c.velocity),
    direction: c.direction,
    door: c.door,
    load: c.load,
    target: c.target,
  }));
}

export interface FrameContext {
  sessionId: string;
  seq: number;
  status: LiveStatus;
  speed: LiveSpeed;
}

/** A frame from the simulation's snapshot and the passenger events since the previous frame. */
export function encodeFrame(
  ctx: FrameContext,
  snapshot: SimulationSnapshot,
  batch: { events: LivePassengerEvent[]; dropped: number },
): LiveFrame {
  return {
    sessionId: ctx.sessionId,
    seq: ctx.seq,
    time: round3(snapshot.time),
    status: ctx.status,
    speed: ctx.speed,
    cars: frameCars(snapshot),
    queues: snapshot.queues.filter((q) => q.up + q.down > 0),
    calls: snapshot.calls,
    waiting: snapshot.waiting,
    riding: snapshot.riding,
    kpis: snapshot.kpis,
    events: batch.events,
    droppedEvents: batch.dropped,
  };
}
