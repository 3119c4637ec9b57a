import type { DecisionContext, Dispatcher, GroupInfo } from '../types.js';
import { collectiveDistance } from './collective.js';
import { argMin } from './pick.js';

/**
 * Static sectoring: the group's non-entrance floors are split into contiguous sectors of (nearly)
 * equal size, sector k owned by the car at group position k mod cars. Calls at entrance floors, or
 * whose owner cannot take them, go to the nearest car under collective rules.
 */
export function sectorOwner(info: GroupInfo, floor: number, sectors: number): number | null {
  const floors = info.servedFloors.filter((f) => !info.entranceFloors.includes(f)).sort((a, b) => a - b);
  const at = floors.indexOf(floor);
  if (at < 0) return null;
  const count = Math.max(1, Math.min(sectors, floors.length));
  const sector = Math.floor((at * count) / floors.length);
  return sector % info.carCount;
}

export function createSectoringDispatcher(sectors?: number): Dispatcher {
  return {
    name: 'sectoring',
    choose(ctx: DecisionContext): number {
      const { floor, direction } = ctx.call;
      const owner = sectorOwner(ctx.groupInfo, floor, sectors ?? ctx.groupInfo.carCount);
      if (owner !== null) {
        const i = ctx.candidates.findIndex((c) => c.car.groupPosition === owner);
        if (i >= 0) return i;
      }
      // Entrance floor: prefer a free car (nearest), else the first to arrive collectively.
      return argMin(
        ctx.candidates,
        (c) => (c.car.free ? 0 : 10_000) + collectiveDistance(c.car, floor, direction),
      );
    },
  };
}
