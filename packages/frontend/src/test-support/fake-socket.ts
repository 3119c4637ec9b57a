import type { LiveSnapshotMessage, SimulationSnapshot } from '@hoistway/shared-types';
import type { LiveTransport } from '../live/session-connection.js';

type Listener = (...args: unknown[]) => void;
type Responder = (payload: unknown) => unknown;

/** A stand-in for the Socket.IO client: records emits, answers acks via responders, fires server events. */
export class FakeSocket {
  connected = false;
  readonly emitted: { event: string; payload: unknown }[] = [];
  private listeners = new Map<string, Set<Listener>>();
  responders: Record<string, Responder> = {};

  on(event: string, listener: Listener): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }
  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }
  emit(event: string, payload: unknown, ack?: (res: unknown) => void): this {
    this.emitted.push({ event, payload });
    const responder = this.responders[event];
    if (responder && ack) {
      const res = responder(payload);
      if (res !== undefined) queueMicrotask(() => ack(res));
    }
    return this;
  }
  /** Like Socket.IO's `socket.timeout(ms).emitWithAck`: rejects when no responder answers in time. */
  timeout(ms: number) {
    return {
      emitWithAck: (event: string, payload: unknown): Promise<unknown> =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('operation has timed out')), ms);
          this.emit(event, payload, (res) => {
            clearTimeout(timer);
            resolve(res);
          });
        }),
    };
  }
  /** Server side: push an event to the client. */
  serverPush(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  connect(): void {
    this.connected = true;
    this.serverPush('connect');
  }
  drop(): void {
    this.connected = false;
    this.serverPush('disconnect', 'transport close');
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }
  asTransport(): LiveTransport {
    return this as unknown as LiveTransport;
  }
}

export const emptyKpis = {
  generated: 0,
  delivered: 0,
  inSystem: 0,
  counted: 0,
  awt: 0,
  attd: 0,
  averageTransit: 0,
  longestWait: 0,
  p95Wait: 0,
  percentWaitsOver60: 0,
  meanSquaredWait: 0,
  worst5MinAwt: 0,
  interval: null,
  stillWaiting: 0,
  throughput5MinPersons: null,
  throughput5MinPercent: null,
  peak5MinPersons: 0,
  peak5MinPercent: 0,
  saturated: false,
  groups: [{ group: 'A', interval: null, stillWaiting: 0, pickupCapacity: 10, saturated: false }],
};

export function snapshotMessage(sessionId: string, time: number, position = 0): LiveSnapshotMessage {
  const snapshot: SimulationSnapshot = {
    time,
    dispatcher: 'eta',
    cars: [
      {
        id: 'A1',
        group: 'A',
        position,
        velocity: 0,
        acceleration: 0,
        direction: 'idle',
        door: 'closed',
        load: 0,
        capacity: 13,
        stops: [],
        target: null,
      },
    ],
    queues: [{ floor: 0, up: 2, down: 0 }],
    calls: [{ floor: 0, destination: null, direction: 'up', car: 'A1', registeredAt: time }],
    riding: 0,
    waiting: 2,
    kpis: emptyKpis,
  };
  return {
    state: { sessionId, status: 'running', speed: 10, time, endTime: 3600, dispatcher: 'eta', commands: 0 },
    snapshot,
    frameRate: 10,
  };
}
