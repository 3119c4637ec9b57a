/** Where things go in the shaft drawing: metres ⇄ pixels, floor bands, shaft columns. */

export interface ShaftLayout {
  width: number;
  height: number;
  /** x where shafts start (floor labels and queues are on the left). */
  shaftsX: number;
  shaftWidth: number;
  /** px per metre. */
  scale: number;
  /** Elevation of each floor above floor 0, m. */
  elevations: number[];
  /** Height of the car box, px. */
  carHeight: number;
}

export const LEFT_GUTTER = 92;

export function floorElevations(heights: readonly number[]): number[] {
  const out: number[] = [];
  let acc = 0;
  for (const h of heights) {
    out.push(acc);
    acc += h;
  }
  return out;
}

export function shaftLayout(
  width: number,
  height: number,
  heights: readonly number[],
  carCount: number,
): ShaftLayout {
  const elevations = floorElevations(heights);
  const topFloorHeight = heights[heights.length - 1] ?? 3.5;
  const total = (elevations[elevations.length - 1] ?? 0) + topFloorHeight;
  const scale = (height - 8) / Math.max(total, 1);
  const shaftsX = LEFT_GUTTER;
  const shaftWidth = Math.max(8, Math.min(90, (width - shaftsX - 4) / Math.max(carCount, 1)));
  const minFloor = Math.min(...heights.map((h) => (h > 0 ? h : 3.5)));
  const carHeight = Math.max(5, Math.min(minFloor * scale * 0.85, 40));
  return { width, height, shaftsX, shaftWidth, scale, elevations, carHeight };
}

/** Pixel y of the floor level at elevation `m` (y grows downwards). */
export function yOf(layout: ShaftLayout, m: number): number {
  return layout.height - 4 - m * layout.scale;
}

/** The floor nearest to a car position (for labels and the car table). */
export function nearestFloor(elevations: readonly number[], position: number): number {
  let best = 0;
  let bestDist = Infinity;
  elevations.forEach((e, i) => {
    const d = Math.abs(e - position);
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  });
  return best;
}
