/** The script a new playground opens with: short, commented, and a fair dispatcher to start from. */
export const STARTER_SCRIPT = `// Your dispatcher: called for every hall call with the same DecisionContext
// the built-in dispatchers get (see the reference). Return an index into ctx.candidates.
import type { DecisionContext } from 'hoistway';

export const name = 'nearest idle first';

export default function choose(ctx: DecisionContext): number {
  let best = 0;
  let bestScore = Infinity;
  ctx.candidates.forEach((candidate, i) => {
    const car = candidate.car;
    // Floors to travel; a busy or full car counts as farther away.
    let score = Math.abs(car.stopFloor - ctx.call.floor);
    if (!car.free) score += ctx.groupInfo.floorCount / 2;
    if (car.load >= car.boardLimit) score += ctx.groupInfo.floorCount;
    if (score < bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}
`;
