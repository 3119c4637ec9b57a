/**
 * How the engine's parts find each other. Each part holds this object and reaches the others
 * through it at call time, so parts can call back and forth (a boarding may register a call,
 * which wakes a car) without a construction order.
 */
import type { CallHandling } from './calls/call-handling.js';
import type { CarController } from './car-controller.js';
import type { Dispatch } from './dispatch.js';
import type { Scheduler } from './scheduler.js';
import type { ParkingPlanner } from './parking.js';
import type { EngineState } from './state.js';
import type { Tracer } from './trace.js';
import type { Transfers } from './transfers.js';

export interface EngineParts {
  readonly state: EngineState;
  readonly clock: Scheduler;
  readonly trace: Tracer;
  readonly dispatch: Dispatch;
  readonly cars: CarController;
  readonly transfers: Transfers;
  readonly parking: ParkingPlanner;
  /** Conventional or destination-control call handling; replaced when the dispatcher switches mode. */
  calls: CallHandling;
}
