import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { storeFromUrl, type ResultsStore } from "@rbac-recommender/adapters";
import { createApp } from "./app.ts";
import { bearerToken } from "./auth.ts";

export interface ServeOptions {
  /** A directory or `s3://bucket/prefix`, or an open store. */
  store: string | ResultsStore;
  /** 0 picks a free port. */
  port?: number;
  /** Generated when absent; the caller prints it. */
  token?: string;
  /** Loopback by default: the token is the only protection, so listening wider is a deliberate choice. */
  hostname?: string;
  now?: () => Date;
}

export interface RunningApi {
  url: string;
  token: string;
  close(): Promise<void>;
}

/** The review API on a local HTTP server (`rbac-recommender serve`), guarded by a bearer token. */
export async function serveApi(options: ServeOptions): Promise<RunningApi> {
  const store = typeof options.store === "string" ? storeFromUrl(options.store) : options.store;
  const token = options.token ?? randomBytes(24).toString("base64url");
  const hostname = options.hostname ?? "127.0.0.1";
  const app = createApp({ store, authenticate: bearerToken(token), ...(options.now ? { now: options.now } : {}) });
  const server = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("listening", () => resolve((server.address() as AddressInfo).port));
    server.once("error", reject);
  });
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive connections would otherwise hold close() open until they time out.
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
