/**
 * Jerk-limited (S-curve) point-to-point motion in closed form.
 *
 * A trip of distance d with limits (v, a, j) accelerates to a peak velocity Vp ≤ v, cruises if
 * Vp = v, then decelerates as the mirror image. The acceleration phase has three constant-jerk
 * segments (+j, 0, −j); when the peak acceleration a is never reached the middle one is empty and
 * the peak acceleration is √(Vp·j). By the point symmetry of that phase its distance is Vp·T/2,
 * where T is its duration.
 */
export interface MotionParams {
  /** Rated speed v, m/s. */
  speed: number;
  /** Rated acceleration a, m/s². */
  acceleration: number;
  /** Jerk j, m/s³. */
  jerk: number;
}

/** A piece of the profile with constant jerk, and the state at its start. */
export interface MotionSegment {
  start: number;
  duration: number;
  jerk: number;
  position: number;
  velocity: number;
  acceleration: number;
}

export interface MotionProfile {
  distance: number;
  duration: number;
  /** Peak velocity reached, m/s. */
  peakVelocity: number;
  /** Constant-jerk segments in time order (empty ones are left out). */
  segments: MotionSegment[];
}

export interface MotionState {
  position: number;
  velocity: number;
  acceleration: number;
}

/** Shape of one acceleration phase up to peak velocity vp. */
interface AccelerationPhase {
  peakAcceleration: number;
  /** Duration of each jerk segment. */
  jerkTime: number;
  /** Duration of the constant-acceleration segment. */
  constantTime: number;
  /** Total duration of the phase. */
  duration: number;
}

function accelerationPhase(vp: number, p: MotionParams): AccelerationPhase {
  const peakAcceleration = Math.min(p.acceleration, Math.sqrt(vp * p.jerk));
  if (peakAcceleration <= 0) return { peakAcceleration: 0, jerkTime: 0, constantTime: 0, duration: 0 };
  const jerkTime = peakAcceleration / p.jerk;
  const constantTime = Math.max(0, vp / peakAcceleration - jerkTime);
  return { peakAcceleration, jerkTime, constantTime, duration: 2 * jerkTime + constantTime };
}

/** Peak velocity of a trip of distance d (≤ v). */
function peakVelocity(distance: number, p: MotionParams): number {
  const { speed: v, acceleration: a, jerk: j } = p;
  // Distance needed to accelerate to v and brake again: 2 · v·T(v)/2.
  if (distance >= v * accelerationPhase(v, p).duration) return v;
  // No cruise. If a is reached: d = Vp·(Vp/a + a/j)  ⇒  Vp² + (a²/j)·Vp − a·d = 0.
  const b = (a * a) / j;
  const vpWithA = (-b + Math.sqrt(b * b + 4 * a * distance)) / 2;
  if (vpWithA >= b) return Math.min(v, vpWithA);
  // a never reached: d = Vp · 2√(Vp/j)  ⇒  Vp = (d²·j/4)^(1/3).
  return Math.min(v, Math.cbrt((distance * distance * j) / 4));
}

/** Flight time for a trip of `distance` metres (0 for distance 0). */
export function flightTime(distance: number, p: MotionParams): number {
  if (!(distance > 0)) return 0;
  const vp = peakVelocity(distance, p);
  const phase = accelerationPhase(vp, p);
  // Accelerating and braking cover vp·T; the rest is cruised at vp.
  const cruise = Math.max(0, (distance - vp * phase.duration) / vp);
  return 2 * phase.duration + cruise;
}

/** The full profile of a trip of `distance` metres, as constant-jerk segments. */
export function motionProfile(distance: number, p: MotionParams): MotionProfile {
  if (!(distance > 0)) return { distance: 0, duration: 0, peakVelocity: 0, segments: [] };
  const vp = peakVelocity(distance, p);
  const { jerkTime: tj, constantTime: ta, duration: tAcc } = accelerationPhase(vp, p);
  const cruise = Math.max(0, (distance - vp * tAcc) / vp);
  const j = p.jerk;
  const pieces: [number, number][] = [
    [tj, j],
    [ta, 0],
    [tj, -j],
    [cruise, 0],
    [tj, -j],
    [ta, 0],
    [tj, j],
  ];
  const segments: MotionSegment[] = [];
  let t = 0;
  let s: MotionState = { position: 0, velocity: 0, acceleration: 0 };
  for (const [duration, jerk] of pieces) {
    if (duration <= 0) continue;
    segments.push({
      start: t,
      duration,
      jerk,
      position: s.position,
      velocity: s.velocity,
      acceleration: s.acceleration,
    });
    s = advance(s, jerk, duration);
    t += duration;
  }
  return { distance, duration: t, peakVelocity: vp, segments };
}

function advance(s: MotionState, jerk: number, dt: number): MotionState {
  return {
    position: s.position + s.velocity * dt + (s.acceleration * dt * dt) / 2 + (jerk * dt * dt * dt) / 6,
    velocity: s.velocity + s.acceleration * dt + (jerk * dt * dt) / 2,
    acceleration: s.acceleration + jerk * dt,
  };
}

/**
 * State at time t after the start (clamped to [0, duration]); position is measured from the start
 * along the direction of travel. The end state is exactly (distance, 0, 0).
 */
export function stateAt(profile: MotionProfile, t: number): MotionState {
  if (t >= profile.duration) return { position: profile.distance, velocity: 0, acceleration: 0 };
  const segs = profile.segments;
  if (t <= 0 || segs.length === 0) return { position: 0, velocity: 0, acceleration: 0 };
  let k = segs.length - 1;
  while (k > 0 && segs[k]!.start > t) k--;
  const seg = segs[k]!;
  return advance(seg, seg.jerk, t - seg.start);
}

/**
 * First instant at which two profiles from the same start (same limits) stop being identical:
 * both are the same sequence of constant-jerk segments up to there. Infinity if identical.
 */
export function divergenceTime(a: MotionProfile, b: MotionProfile): number {
  let i = 0;
  let k = 0;
  let t = 0;
  // Time left in the current segment of each profile.
  let leftA = a.segments[0]?.duration ?? 0;
  let leftB = b.segments[0]?.duration ?? 0;
  while (i < a.segments.length && k < b.segments.length) {
    if (a.segments[i]!.jerk !== b.segments[k]!.jerk) return t;
    const step = Math.min(leftA, leftB);
    t += step;
    leftA -= step;
    leftB -= step;
    // Segment boundaries equal within float noise count as the same boundary.
    if (leftA <= 1e-12) leftA = a.segments[++i]?.duration ?? 0;
    if (leftB <= 1e-12) leftB = b.segments[++k]?.duration ?? 0;
  }
  return i >= a.segments.length && k >= b.segments.length ? Infinity : t;
}

/**
 * A car that set off at time 0 following `current` can switch to `candidate` (a trip from the
 * same start, nearer or farther) at time `elapsed` iff it has not yet left the candidate's
 * trajectory, i.e. elapsed ≤ divergence time. It then arrives at candidate.duration.
 */
export function canSwitchProfile(current: MotionProfile, candidate: MotionProfile, elapsed: number): boolean {
  return elapsed <= divergenceTime(current, candidate) + 1e-9;
}

/** Can a car `elapsed` seconds into a trip of `currentDistance` still stop after `newDistance` instead? */
export function canStillStopAt(
  currentDistance: number,
  newDistance: number,
  elapsed: number,
  p: MotionParams,
): boolean {
  if (newDistance <= 0) return elapsed <= 0;
  return canSwitchProfile(motionProfile(currentDistance, p), motionProfile(newDistance, p), elapsed);
}
