import { readCurrentResults } from "@rbac-recommender/adapters";
import type { Terminal } from "./cli.ts";
import { parseServeArgs } from "./serve-args.ts";
import { serveUntilStopped } from "./serving.ts";
import { openStore } from "./store-access.ts";

/** `serve`: the review API over a store the nightly job or `analyze --store` fills. */
export async function serveCommand(args: string[], terminal: Terminal): Promise<number> {
  const options = parseServeArgs(args);
  const store = await openStore(options.store, { existing: true });
  const current = await readCurrentResults(store);
  if (!current) terminal.stderr(`rbac-recommender: ${options.store} has no published results yet: the API lists nothing until a run publishes\n`);
  const example = current?.report.recommendations.find((r) => !r.alternativeTo)?.id;
  return serveUntilStopped(store, options, terminal, example);
}
