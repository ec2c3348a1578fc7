import type { NightlyLog } from "@rbac-recommender/adapters";

/**
 * The pipeline's structured log, for a person at a terminal: warnings (an unreadable object, an abandoned
 * run closed) as lines on stderr; the rest is in the summary, and a failure is reported once, by the command.
 */
export function terminalLog(write: (text: string) => void): NightlyLog {
  return (event) => {
    if (event.level !== "warn") return;
    const where = typeof event.uri === "string" ? ` ${event.uri}` : "";
    const why = typeof event.error === "string" ? `: ${event.error}` : "";
    write(`rbac-recommender: warning: ${event.msg}${where}${why}\n`);
  };
}
