/** One passenger appearing at a landing: the single input format the engine consumes. */
export interface PassengerArrival {
  /** 0..n-1 in time order. */
  id: number;
  /** Arrival time at the landing, s from the start of the run. */
  time: number;
  /** Floor index. */
  origin: number;
  /** Floor index, different from origin. */
  destination: number;
}
