import type { ResultsStore } from "@rbac-recommender/adapters";
import type { Terminal } from "./cli.ts";
import { CommandError, firstLine } from "./command-error.ts";
import type { ListenOptions } from "./serve-args.ts";
import { stopSignal } from "./stop-signal.ts";

/**
 * Serves the review API on `store` until SIGINT or SIGTERM, then closes the server (open connections too)
 * and returns 0. The URL and token go to stdout: they are the command's output, what a script reads.
 */
export async function serveUntilStopped(store: ResultsStore, listen: ListenOptions, terminal: Terminal, exampleId?: string): Promise<number> {
  // Listening for signals before the URL is printed: whoever reads the URL may stop the server at once.
  const stopped = stopSignal();
  // Loaded here, not with the command: the API's web stack takes ~100 ms to load, which `analyze` never needs.
  const { serveApi } = await import("@rbac-recommender/api");
  const api = await serveApi({ store, port: listen.port, hostname: listen.host, ...(listen.token ? { token: listen.token } : {}) }).catch((error: unknown) => {
    throw new CommandError(`cannot listen on ${listen.host}:${listen.port}: ${firstLine(error)} (choose another with --port)`);
  });
  terminal.stdout(apiBanner(api.url, api.token, store.location, exampleId));
  const signal = await stopped;
  await api.close();
  terminal.stderr(`rbac-recommender: ${signal}: review API stopped\n`);
  return 0;
}

function apiBanner(url: string, token: string, store: string, exampleId = "<id>"): string {
  const curl = `curl -s -H "Authorization: Bearer $TOKEN"`;
  return [
    `review API:       ${url}`,
    `token:            ${token}`,
    `store:            ${store}`,
    "try:",
    `  export TOKEN='${token}'`,
    `  ${curl} '${url}/v1/recommendations?priority=P1'`,
    `  ${curl} ${url}/v1/recommendations/${exampleId}`,
    `  ${curl} ${url}/v1/recommendations/${exampleId}/manifest.yaml`,
    "stop with Ctrl-C",
    "",
  ].join("\n");
}
