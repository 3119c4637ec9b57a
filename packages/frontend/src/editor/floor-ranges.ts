/** Floor lists as people type them: `0-20, 25, 30-32` ⇄ [0, 1, …, 20, 25, 30, 31, 32]. */

export type RangeParse = { ok: true; floors: number[] } | { ok: false; message: string };

export function parseFloorRanges(text: string): RangeParse {
  const floors = new Set<number>();
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, message: 'list the floors served, e.g. 0-9' };
  for (const part of parts) {
    const m = /^(\d+)\s*(?:[-–]\s*(\d+))?$/.exec(part);
    if (!m) return { ok: false, message: `"${part}" is not a floor or a range like 3-7` };
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return { ok: false, message: `range "${part}" runs backwards` };
    for (let f = from; f <= to; f++) floors.add(f);
  }
  return { ok: true, floors: [...floors].sort((a, b) => a - b) };
}

export function formatFloorRanges(floors: readonly number[]): string {
  const sorted = [...new Set(floors)].sort((a, b) => a - b);
  const out: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}
