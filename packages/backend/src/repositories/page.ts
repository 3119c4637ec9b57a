import { encodeCursor, type Page } from '@hoistway/shared-types';

/** Fetching `limit + 1` rows tells whether another page follows. */
export function toPage<T extends { createdAt: string; id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
