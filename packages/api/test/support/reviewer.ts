import { expect } from "vitest";
import type { ApiClient } from "./client.ts";

/** What a reviewer does through the API: read a recommendation, and move it with the etag just read. */
export function reviewer(client: () => ApiClient) {
  const read = async (id: string) => (await client().get(`/v1/recommendations/${id}`)).json();
  return {
    read,
    async move(id: string, state: string, extra: Record<string, string> = {}) {
      const { etag } = await read(id);
      const res = await client().post(`/v1/recommendations/${id}/state`, { state, etag, ...extra });
      expect(res.status, `${id} → ${state}: ${res.text}`).toBe(200);
    },
  };
}
