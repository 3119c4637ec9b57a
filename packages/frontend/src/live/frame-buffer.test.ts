import type { FrameCar, LiveFrame } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { emptyKpis } from '../test-support/fake-socket.js';
import { FrameBuffer, hermitePose } from './frame-buffer.js';

const car = (position: number, velocity: number, extra: Partial<FrameCar> = {}): FrameCar => ({
  id: 'A1',
  position,
  velocity,
  direction: velocity > 0 ? 'up' : velocity < 0 ? 'down' : 'idle',
  door: 'closed',
  load: 3,
  target: 5,
  ...extra,
});

const frame = (seq: number, time: number, cars: FrameCar[], speed: LiveFrame['speed'] = 10): LiveFrame => ({
  sessionId: 's',
  seq,
  time,
  status: 'running',
  speed,
  cars,
  queues: [],
  calls: [],
  waiting: 0,
  riding: 0,
  kpis: emptyKpis,
  events: [],
  droppedEvents: 0,
});

describe('hermitePose', () => {
  it('passes through both frames exactly', () => {
    const a = car(3, 1.2);
    const b = car(4.5, 1.6);
    expect(hermitePose(a, b, 10, 11, 10).position).toBeCloseTo(3, 9);
    expect(hermitePose(a, b, 10, 11, 11).position).toBeCloseTo(4.5, 9);
  });

  it('reproduces constant-velocity motion in between (no wobble)', () => {
    const a = car(0, 2);
    const b = car(2, 2);
    for (const t of [0.1, 0.25, 0.5, 0.9]) {
      const p = hermitePose(a, b, 0, 1, t);
      expect(p.position).toBeCloseTo(2 * t, 9);
      expect(p.velocity).toBeCloseTo(2, 9);
    }
  });

  it('reproduces constant-deceleration motion (a cubic through a parabola is exact)', () => {
    // x(t) = 5t − t², v(t) = 5 − 2t from t=0 to t=2.5 (comes to rest).
    const x = (t: number) => 5 * t - t * t;
    const a = car(x(0), 5);
    const b = car(x(2.5), 0);
    for (const t of [0.5, 1, 2]) expect(hermitePose(a, b, 0, 2.5, t).position).toBeCloseTo(x(t), 9);
  });

  it('keeps a parked car exactly where it is and takes doors from the nearer frame', () => {
    const a = car(7.2, 0, { door: 'opening' });
    const b = car(7.2, 0, { door: 'open' });
    expect(hermitePose(a, b, 0, 1, 0.3)).toMatchObject({ position: 7.2, velocity: 0, door: 'opening' });
    expect(hermitePose(a, b, 0, 1, 0.8).door).toBe('open');
  });
});

describe('FrameBuffer', () => {
  it('interpolates between the frames around the drawn time', () => {
    const buf = new FrameBuffer(10);
    buf.push(frame(1, 10, [car(0, 2)]), 0);
    buf.push(frame(2, 11, [car(2, 2)]), 100);
    buf.push(frame(3, 12, [car(4, 2)]), 200);
    expect(buf.posesAt(10.5)[0]!.position).toBeCloseTo(1, 9);
    expect(buf.posesAt(11.75)[0]!.position).toBeCloseTo(3.5, 9);
  });

  it('draws behind the newest frame and advances smoothly between frame arrivals', () => {
    const buf = new FrameBuffer(10);
    let wall = 0;
    for (let k = 0; k < 8; k++, wall += 100) buf.push(frame(k, k, [car(2 * k, 2)]), wall);
    // 10 sim s per wall s at 10× speed; newest frame is t=7 at wall 700.
    const times: number[] = [];
    for (let w = 700; w <= 760; w += 16) times.push(buf.drawTime(w)!);
    expect(times[0]).toBeLessThan(7);
    expect(times[0]).toBeGreaterThan(5);
    for (let i = 1; i < times.length; i++) {
      const step = times[i]! - times[i - 1]!;
      expect(step).toBeGreaterThan(0);
      expect(step).toBeLessThan(0.4); // ~16 ms × 10 sim s/s plus a gentle correction
    }
  });

  it('measures the sim rate from the frames when the speed is "max"', () => {
    const buf = new FrameBuffer(10);
    for (let k = 0; k < 6; k++) buf.push(frame(k, k * 30, [car(0, 0)], 'max'), k * 100);
    expect(buf.rate()).toBeCloseTo(0.3, 6); // 30 sim s per 100 ms
  });

  it('holds still when the session is paused', () => {
    const buf = new FrameBuffer(10);
    buf.push({ ...frame(1, 50, [car(3, 0)]), status: 'paused' }, 0);
    expect(buf.drawTime(500)).toBe(50);
    expect(buf.drawTime(900)).toBe(50);
  });

  it('starts over when the session jumps back in time (restored from a checkpoint)', () => {
    const buf = new FrameBuffer(10);
    buf.push(frame(1, 100, [car(0, 0)]), 0);
    buf.push(frame(2, 101, [car(0, 0)]), 100);
    buf.push(frame(1, 90, [car(5, 0)]), 200);
    expect(buf.size).toBe(1);
    expect(buf.posesAt(90)[0]!.position).toBe(5);
  });
});
