import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canStillStopAt,
  divergenceTime,
  flightTime,
  motionProfile,
  stateAt,
  type MotionParams,
} from './motion.js';

// v = 2.5 m/s, a = 1 m/s², j = 1 m/s³: a²/j = 1 ≤ v, so a long trip reaches both a and v.
const P: MotionParams = { speed: 2.5, acceleration: 1, jerk: 1 };

describe('flightTime', () => {
  it('is 0 for a zero distance', () => {
    expect(flightTime(0, P)).toBe(0);
  });

  it('reaches v and a on a long trip', () => {
    // Cruise needs d ≥ v·(v/a + a/j) = 2.5·3.5 = 8.75 m. t = d/v + v/a + a/j = 40/2.5 + 2.5 + 1 = 19.5 s.
    expect(flightTime(40, P)).toBeCloseTo(19.5, 9);
    // Exactly at the threshold: t = 8.75/2.5 + 3.5 = 7 s.
    expect(flightTime(8.75, P)).toBeCloseTo(7, 9);
  });

  it('reaches a but not v on a medium trip', () => {
    // 2a³/j² = 2 ≤ d = 4 < 8.75: Vp² + (a²/j)Vp − a·d = 0 ⇒ Vp² + Vp − 4 = 0 ⇒ Vp = (−1 + √17)/2 = 1.5615528.
    // t = 2·(Vp/a + a/j) = 2·2.5615528 = 5.1231056 s.
    expect(flightTime(4, P)).toBeCloseTo(5.1231056, 6);
    expect(motionProfile(4, P).peakVelocity).toBeCloseTo(1.5615528, 6);
  });

  it('never reaches a on a short trip', () => {
    // d = 1 < 2a³/j² = 2: four jerk phases of τ = (d/(2j))^(1/3) = 0.5^(1/3) = 0.7937005; t = 4τ = 3.1748021 s.
    expect(flightTime(1, P)).toBeCloseTo(3.1748021, 6);
    // Boundary d = 2: Vp = 1 = a²/j, t = 2·(1 + 1) = 4 = 4·(2/2)^(1/3): both formulas agree.
    expect(flightTime(2, P)).toBeCloseTo(4, 9);
    expect(flightTime(2 - 1e-9, P)).toBeCloseTo(4, 6);
  });

  it('handles v < a²/j (a is never reached even at full speed)', () => {
    // v = 1, a = 2, j = 1: peak acceleration √(v·j) = 1, acceleration phase T = 2√(v/j) = 2 s, covering v·T/2 = 1 m.
    // d = 10 ≥ 2 m: t = d/v + T = 10 + 2 = 12 s.
    expect(flightTime(10, { speed: 1, acceleration: 2, jerk: 1 })).toBeCloseTo(12, 9);
    // d = 0.25 < 2: t = 4·(0.25/2)^(1/3) = 4·0.5 = 2 s.
    expect(flightTime(0.25, { speed: 1, acceleration: 2, jerk: 1 })).toBeCloseTo(2, 9);
  });

  it('approaches the trapezoidal profile as j → ∞', () => {
    const trap: MotionParams = { speed: 2, acceleration: 1, jerk: 1e7 };
    // d = 10 ≥ v²/a = 4: t = d/v + v/a = 5 + 2 = 7 s.
    expect(flightTime(10, trap)).toBeCloseTo(7, 5);
    // d = 2 < 4: t = 2√(d/a) = 2√2 = 2.8284271 s.
    expect(flightTime(2, trap)).toBeCloseTo(2.8284271, 5);
  });

  it('a realistic one-floor trip: 3.5 m at v = 2.5, a = 1, j = 1', () => {
    // 2 ≤ 3.5 < 8.75: Vp² + Vp − 3.5 = 0 ⇒ Vp = (−1 + √15)/2 = 1.4364917; t = 2·2.4364917 = 4.8729833 s.
    expect(flightTime(3.5, P)).toBeCloseTo(4.8729833, 6);
  });

  it('is increasing in distance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        fc.double({ min: 0.001, max: 10, noNaN: true }),
        (d, extra) => {
          expect(flightTime(d + extra, P)).toBeGreaterThan(flightTime(d, P));
        },
      ),
    );
  });
});

describe('motionProfile and stateAt', () => {
  const params = fc.record({
    speed: fc.double({ min: 0.5, max: 10, noNaN: true }),
    acceleration: fc.double({ min: 0.3, max: 2, noNaN: true }),
    jerk: fc.double({ min: 0.5, max: 3, noNaN: true }),
  });

  it('ends exactly at (distance, 0, 0) and matches flightTime', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 300, noNaN: true }), params, (d, p) => {
        const prof = motionProfile(d, p);
        expect(prof.duration).toBeCloseTo(flightTime(d, p), 9);
        expect(stateAt(prof, prof.duration)).toEqual({ position: d, velocity: 0, acceleration: 0 });
        // Integrating the segments lands on the same end state (no jump at the end).
        const last = prof.segments[prof.segments.length - 1]!;
        const end = stateAt(prof, last.start + last.duration - 1e-9);
        expect(end.position).toBeCloseTo(d, 5);
        expect(end.velocity).toBeCloseTo(0, 5);
      }),
    );
  });

  it('is continuous at every segment boundary and respects the limits', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 300, noNaN: true }), params, (d, p) => {
        const prof = motionProfile(d, p);
        for (const seg of prof.segments.slice(1)) {
          const before = stateAt(prof, seg.start - 1e-7);
          const after = stateAt(prof, seg.start + 1e-7);
          expect(after.position - before.position).toBeLessThan(1e-5);
          expect(Math.abs(after.velocity - before.velocity)).toBeLessThan(1e-5);
        }
        for (let k = 0; k <= 50; k++) {
          const s = stateAt(prof, (prof.duration * k) / 50);
          expect(s.velocity).toBeLessThanOrEqual(p.speed + 1e-9);
          expect(s.velocity).toBeGreaterThanOrEqual(-1e-9);
          expect(Math.abs(s.acceleration)).toBeLessThanOrEqual(p.acceleration + 1e-9);
          expect(s.position).toBeGreaterThanOrEqual(-1e-9);
          expect(s.position).toBeLessThanOrEqual(d + 1e-9);
        }
      }),
    );
  });

  it('gives hand-computed mid-trip states', () => {
    const prof = motionProfile(40, P);
    // After the first jerk phase (t = a/j = 1 s): a = 1, v = j·t²/2 = 0.5, s = j·t³/6 = 1/6.
    const s1 = stateAt(prof, 1);
    expect(s1.acceleration).toBeCloseTo(1, 9);
    expect(s1.velocity).toBeCloseTo(0.5, 9);
    expect(s1.position).toBeCloseTo(1 / 6, 9);
    // Mid-trip (t = 9.75 s) it cruises at v, half-way: s = 20.
    const mid = stateAt(prof, prof.duration / 2);
    expect(mid.velocity).toBeCloseTo(2.5, 9);
    expect(mid.position).toBeCloseTo(20, 9);
  });
});

describe('re-targeting', () => {
  it('divergence time of a nearer stop is where its profile leaves the longer one', () => {
    // T: 40 m has tj = 1, ta = v/a − a/j = 1.5. F: 4 m has tj = 1, ta = Vp/a − a/j = 0.5615528.
    // Both accelerate identically until F starts reducing its acceleration at 1 + 0.5615528 s.
    const far = motionProfile(40, P);
    const near = motionProfile(4, P);
    expect(divergenceTime(far, near)).toBeCloseTo(1.5615528, 6);
    expect(divergenceTime(near, far)).toBeCloseTo(1.5615528, 6);
    expect(divergenceTime(far, far)).toBe(Infinity);
    // Identical states right up to the divergence.
    const t = 1.5;
    expect(stateAt(near, t).position).toBeCloseTo(stateAt(far, t).position, 12);
    expect(stateAt(near, t).velocity).toBeCloseTo(stateAt(far, t).velocity, 12);
    expect(canStillStopAt(40, 4, 1.5, P)).toBe(true);
    expect(canStillStopAt(40, 4, 1.6, P)).toBe(false);
  });

  it('two cruising trips share the profile until the shorter one starts braking', () => {
    // 20 m and 30 m both cruise; the 20 m trip brakes at t = 20/2.5 + 3.5 − 3.5 = 8 s (its duration 11.5 s − 3.5 s).
    expect(divergenceTime(motionProfile(20, P), motionProfile(30, P))).toBeCloseTo(8, 9);
    expect(canStillStopAt(30, 20, 8, P)).toBe(true);
    expect(canStillStopAt(30, 20, 8.01, P)).toBe(false);
    // Extending: a car bound for 20 m can still go on to 30 m until 8 s.
    expect(canStillStopAt(20, 30, 7.9, P)).toBe(true);
  });

  it('short trips diverge during the first jerk phase', () => {
    // 1 m: τ = 0.7937005, 4 m reaches a at 1 s: they diverge at τ.
    expect(divergenceTime(motionProfile(1, P), motionProfile(4, P))).toBeCloseTo(0.7937005, 6);
  });
});
