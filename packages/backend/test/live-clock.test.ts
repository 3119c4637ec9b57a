import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/live/live-clock.js';

describe('ManualClock', () => {
  it('runs each due tick in time order, with now() at its due time, and only when advanced', () => {
    const clock = new ManualClock();
    const seen: string[] = [];
    const stopA = clock.every(100, () => seen.push(`a@${clock.now()}`));
    clock.every(250, () => seen.push(`b@${clock.now()}`));
    expect(seen).toEqual([]);
    clock.advance(99);
    expect(seen).toEqual([]);
    clock.advance(201); // to 300
    expect(seen).toEqual(['a@100', 'a@200', 'b@250', 'a@300']);
    expect(clock.now()).toBe(300);
    stopA();
    clock.advance(300); // to 600
    expect(seen.slice(4)).toEqual(['b@500']);
    expect(clock.now()).toBe(600);
  });
});
