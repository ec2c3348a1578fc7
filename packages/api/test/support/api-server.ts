import { serveApi, type RunningApi } from "../../src/index.ts";
import { apiClient, type ApiClient } from "./client.ts";
import type { TestStore } from "./stores.ts";

/** The real local server on 127.0.0.1:0 over a real store, with a clock the test moves. */
export interface RunningTestApi {
  api: RunningApi;
  client: ApiClient;
  clock: { now: Date };
  close(): Promise<void>;
}

export async function startTestApi(testStore: TestStore): Promise<RunningTestApi> {
  const clock = { now: new Date("2026-11-22T08:00:00.000Z") };
  const api = await serveApi({ store: testStore.url, port: 0, token: "reviewer-token", now: () => clock.now });
  return { api, client: apiClient(api.url, api.token), clock, close: () => api.close() };
}
