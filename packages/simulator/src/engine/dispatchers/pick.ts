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
