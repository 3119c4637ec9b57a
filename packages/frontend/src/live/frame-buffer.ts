/**
 * Smooth car motion from ~10 Hz frames. Frames are kept with their arrival (wall) time; the view draws
 * a little behind the newest frame and interpolates each car between the two frames around the drawn
 * time with a cubic Hermite curve through both frames' positions *and velocities* — the kinematics the
 * server sends — so cars glide and stop exactly where the simulation says, instead of jumping.
 */
import type { FrameCar, LiveFrame } from '@hoistway/shared-types';

/** A car as drawn at one instant: the frame's own shape, interpolated. */
export type CarPose = FrameCar;

interface Timed {
  wall: number;
  frame: LiveFrame;
}

/** Hermite interpolation of a car between frame a (time ta) and frame b (time tb) at time t. */
export function hermitePose(a: FrameCar, b: FrameCar, ta: number, tb: number, t: number): CarPose {
  const h = tb - ta;
  const near = t - ta < tb - t ? a : b;
  if (!(h > 0)) return { ...b };
  const s = Math.min(1, Math.max(0, (t - ta) / h));
  const s2 = s * s;
  const s3 = s2 * s;
  const h00 = 2 * s3 - 3 * s2 + 1;
  const h10 = s3 - 2 * s2 + s;
  const h01 = -2 * s3 + 3 * s2;
  const h11 = s3 - s2;
  const position = h00 * a.position + h10 * h * a.velocity + h01 * b.position + h11 * h * b.velocity;
  const dv = (6 * s2 - 6 * s) / h;
  const velocity =
    dv * a.position + (3 * s2 - 4 * s + 1) * a.velocity + -dv * b.position + (3 * s2 - 2 * s) * b.velocity;
  // A car that is parked in both frames must not drift by rounding.
  const parked = Math.abs(a.velocity) < 1e-6 && Math.abs(b.velocity) < 1e-6 && a.position === b.position;
  return {
    id: a.id,
    position: parked ? a.position : position,
    velocity: parked ? 0 : velocity,
    direction: near.direction,
    door: near.door,
    load: near.load,
    target: near.target,
  };
}

export class FrameBuffer {
  private frames: Timed[] = [];
  /** The continuously advancing clock the view draws at (sim s). */
  private renderClock: number | null = null;
  private lastRenderWall: number | null = null;

  constructor(
    private readonly frameRate = 10,
    private readonly capacity = 30,
  ) {}

  get latest(): LiveFrame | null {
    return this.frames[this.frames.length - 1]?.frame ?? null;
  }

  get size(): number {
    return this.frames.length;
  }

  /** Forget everything (after a snapshot: the simulation may have jumped). */
  reset(): void {
    this.frames = [];
    this.renderClock = null;
    this.lastRenderWall = null;
  }

  push(frame: LiveFrame, wall: number): void {
    const last = this.latest;
    // A frame from before the newest one means the session jumped back (restart): start over.
    if (last && frame.time < last.time) this.reset();
    this.frames.push({ wall, frame });
    if (this.frames.length > this.capacity) this.frames.shift();
  }

  /** Sim seconds per wall millisecond, measured over the buffer (needed for speed `max`). */
  rate(): number {
    const running = this.latest?.status === 'running';
    if (!running) return 0;
    const first = this.frames[0]!;
    const last = this.frames[this.frames.length - 1]!;
    const span = last.wall - first.wall;
    if (this.frames.length >= 3 && span >= 400)
      return Math.max(0, (last.frame.time - first.frame.time) / span);
    const speed = last.frame.speed;
    return typeof speed === 'number' ? speed / 1000 : 0;
  }

  /** Sim time to draw at for wall time `wall`: ~1.5 frame periods behind the newest frame, advancing smoothly. */
  drawTime(wall: number): number | null {
    const last = this.frames[this.frames.length - 1];
    if (!last) return null;
    const r = this.rate();
    const period = 1000 / this.frameRate;
    const newest = last.frame.time + Math.min(wall - last.wall, 2 * period) * r;
    const target = newest - 1.5 * period * r;
    const first = this.frames[0]!.frame.time;
    if (this.renderClock === null || this.lastRenderWall === null || r === 0) {
      this.renderClock = r === 0 ? last.frame.time : Math.max(first, target);
    } else {
      const advanced = this.renderClock + (wall - this.lastRenderWall) * r;
      const error = target - advanced;
      // Ease toward the target; snap when far off (tab was hidden, speed changed a lot).
      this.renderClock = Math.abs(error) > 4 * period * r ? target : advanced + error * 0.1;
    }
    this.lastRenderWall = wall;
    this.renderClock = Math.min(this.renderClock, last.frame.time + 2 * period * r);
    return this.renderClock;
  }

  /** Car poses at sim time t (clamped to the buffered frames; short extrapolation past the newest). */
  posesAt(t: number): CarPose[] {
    const n = this.frames.length;
    if (n === 0) return [];
    const newest = this.frames[n - 1]!.frame;
    if (n === 1 || t >= newest.time) {
      const dt = Math.max(0, Math.min(t - newest.time, 1));
      return newest.cars.map((c) => ({ ...c, position: c.position + c.velocity * dt }));
    }
    let i = n - 2;
    while (i > 0 && this.frames[i]!.frame.time > t) i--;
    const a = this.frames[i]!.frame;
    const b = this.frames[i + 1]!.frame;
    if (t <= a.time) return a.cars.map((c) => ({ ...c }));
    const byId = new Map(b.cars.map((c) => [c.id, c]));
    return a.cars.map((ca) => {
      const cb = byId.get(ca.id);
      return cb ? hermitePose(ca, cb, a.time, b.time, t) : { ...ca };
    });
  }
}
