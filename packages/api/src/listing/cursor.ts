import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { digest } from "../review/content-hash.ts";
import { ApiProblem } from "../problem.ts";
import { SortKeySchema, type SortKey } from "./order.ts";
import type { RecommendationFilter } from "./filter.ts";

const PayloadSchema = z.object({ v: z.literal(1), f: z.string(), after: SortKeySchema }).strict();

/**
 * Opaque page cursors: the sort key of the last item served plus the query it belongs to, signed so a
 * hand-edited or truncated cursor is refused instead of silently skipping or repeating items.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  private sign(payload: string): Buffer {
    return createHmac("sha256", this.secret).update(payload).digest().subarray(0, 16);
  }

  encode(filter: RecommendationFilter, after: SortKey): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, f: digest(filter), after })).toString("base64url");
    return `${payload}.${this.sign(payload).toString("base64url")}`;
  }

  /** The sort key to continue after; a 400 for anything this server did not issue for this query. */
  decode(cursor: string, filter: RecommendationFilter): SortKey {
    const [payload, signature, extra] = cursor.split(".");
    const given = Buffer.from(signature ?? "", "base64url");
    const expected = this.sign(payload ?? "");
    if (!payload || extra !== undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiProblem(400, "invalid-request", "cursor is malformed or was altered; start again without one");
    }
    const parsed = PayloadSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    if (!parsed.success) throw new ApiProblem(400, "invalid-request", "cursor is malformed; start again without one");
    if (parsed.data.f !== digest(filter)) throw new ApiProblem(400, "invalid-request", "cursor belongs to a query with other filters");
    return parsed.data.after;
  }
}
