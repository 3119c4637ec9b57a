import { z } from 'zod';
import { dispatcherConfigSchema } from './dispatcher.js';
import type { KpiSummary } from './results.js';
import { nonNegativeInt, positiveInt } from './validation.js';

export type Direction = 'up' | 'down' | 'idle';
export type DoorState = 'closed' | 'opening' | 'open' | 'closing';

export interface CarSnapshot {
  id: string;
  group: string;
  /** Height of the car floor above floor 0, m. */
  position: number;
  /** Signed velocity, m/s (positive = up). */
  velocity: number;
  /** Signed acceleration, m/s². */
  acceleration: number;
  direction: Direction;
  door: DoorState;
  load: number;
  capacity: number;
  /** Planned stops (floor indices) in service order. */
  stops: number[];
  /** Target floor of the current flight, if moving. */
  target: number | null;
}

export interface QueueSnapshot {
  floor: number;
  up: number;
  down: number;
}

export interface HallCallSnapshot {
  floor: number;
  /** For destination control, the destination floor; else null. */
  destination: number | null;
  direction: 'up' | 'down';
  /** Id of the assigned car, if assigned. */
  car: string | null;
  registeredAt: number;
}

export interface SimulationSnapshot {
  time: number;
  dispatcher: string;
  cars: CarSnapshot[];
  queues: QueueSnapshot[];
  calls: HallCallSnapshot[];
  riding: number;
  waiting: number;
  kpis: KpiSummary;
}

/** Commands for a running simulation (live sessions). */
export const simulationCommandSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('passenger'),
      origin: nonNegativeInt(),
      destination: nonNegativeInt(),
      count: positiveInt().max(50, 'must be <= 50').default(1),
    }),
    z.strictObject({
      type: z.literal('hallCall'),
      floor: nonNegativeInt(),
      direction: z.enum(['up', 'down'], { error: 'must be up or down' }),
    }),
    z.strictObject({ type: z.literal('dispatcher'), dispatcher: dispatcherConfigSchema }),
  ],
  { error: 'type must be one of passenger, hallCall, dispatcher' },
);
export type SimulationCommand = z.output<typeof simulationCommandSchema>;
