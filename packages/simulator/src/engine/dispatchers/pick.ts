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
 * `argMin` for scores known to be at least `bound(item)` (null: no bound), scoring as few items as
 * it can: items are scored in order of their bounds until the next bound exceeds the best score
 * found by a margin; the rest cannot be chosen, and argMin runs over the scored items in the
 * original order. Same result as `argMin(items, score)`, exactly, as long as every bound is ≤ its score.
 *
 * Why leaving out an item X whose score exceeds the minimum m by more than the margin cannot change
 * argMin's choice (its 1e-9 hysteresis makes the choice depend on the order): if X replaces the best
 * in the full scan, the two scans (with and without X) then differ only until an item is taken by
 * both; an item taken by only one lowers the smaller of the two best scores by at most 1e-9, so
 * after fewer than `items.length` such items both still exceed m + 1e-9 when the minimal item comes,
 * and both take it. If the minimal item comes before X, X is never taken.
 */
export function argMinBounded<T>(
  items: readonly T[],
  bound: (item: T) => number | null,
  score: (item: T) => number,
): number {
  const count = items.length;
  if (count <= 1) return 0;
  // Small plain arrays: cheaper than typed arrays at this size. Indices by bound (insertion sort, stable).
  const bounds: number[] = [];
  const order: number[] = [];
  for (let i = 0; i < count; i++) {
    const b = bound(items[i]!) ?? -Infinity;
    bounds.push(b);
    let at = i;
    while (at > 0 && bounds[order[at - 1]!]! > b) {
      order[at] = order[at - 1]!;
      at--;
    }
    order[at] = i;
  }
  const margin = 1e-6 + count * 2e-9;
  const scores: number[] = [];
  for (let i = 0; i < count; i++) scores.push(NaN);
  let least = Infinity;
  for (const i of order) {
    if (bounds[i]! > least + margin) break;
    const s = score(items[i]!);
    scores[i] = s;
    if (s < least) least = s;
  }
  let best = 0;
  let bestScore = Infinity;
  for (let i = 0; i < count; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s)) continue;
    if (s < bestScore - 1e-9) {
      best = i;
      bestScore = s;
    }
  }
  return best;
}
