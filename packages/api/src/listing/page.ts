import type { ReviewedRecommendation } from "../review/reviewed-recommendation.ts";
import type { CursorCodec } from "./cursor.ts";
import { matchesFilter, type RecommendationFilter } from "./filter.ts";
import { compareSortKeys, sortKey } from "./order.ts";

export interface Page {
  items: ReviewedRecommendation[];
  nextCursor?: string;
}

/**
 * Keyset pagination: a page starts strictly after the cursor's sort key, not at an offset, so following
 * `nextCursor` never repeats or skips an item because others appeared or vanished between pages.
 */
export function pageOf(all: ReviewedRecommendation[], filter: RecommendationFilter, limit: number, codec: CursorCodec, cursor?: string): Page {
  const after = cursor === undefined ? undefined : codec.decode(cursor, filter);
  const sorted = all
    .filter((item) => matchesFilter(item, filter))
    .map((item) => ({ item, key: sortKey(item) }))
    .sort((a, b) => compareSortKeys(a.key, b.key))
    .filter(({ key }) => after === undefined || compareSortKeys(key, after) > 0);
  const page = sorted.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ item }) => item),
    ...(sorted.length > limit && last ? { nextCursor: codec.encode(filter, last.key) } : {}),
  };
}
