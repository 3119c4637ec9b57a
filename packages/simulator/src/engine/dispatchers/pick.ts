/** Index of the smallest score; ties go to the earliest item (candidates come in car order). */
export function argMin<T>(items: readonly T[], score: (item: T) => number): number {
  let best = 0;
  let bestScore = Infinity;
  for (let i = 0; i < items.length; i++) {
    const s = score(items[i]!);
    if (s < bestScore - 1e-9) {
      best = i;
      bestScore = s;
    }
  }
  return best;
}

/**
 * `argMin` for scores known to be at least `bound(item)`: an item whose bound cannot beat the best
 * score so far is not scored (branch and bound). Same result as `argMin(items, score)` exactly, as
 * long as every bound is ≤ its score; a null bound means "score it".
 */
export function argMinBounded<T>(
  items: readonly T[],
  bound: (item: T) => number | null,
  score: (item: T) => number,
): number {
  let best = 0;
  let bestScore = Infinity;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const b = bound(item);
    // Would not pass the test below even at its bound.
    if (b !== null && !(b < bestScore - 1e-9)) continue;
    const s = score(item);
    if (s < bestScore - 1e-9) {
      best = i;
      bestScore = s;
    }
  }
  return best;
}
