/** A mistake in how the command was called (exit code 2), as opposed to bad input data (exit code 1). */
export class UsageError extends Error {
  override name = "UsageError";

  /** The usage line of the command that was called; the general one when absent. */
  constructor(message: string, readonly usage?: string) {
    super(message);
  }
}

/**
 * node:util's parseArgs failure as one line: its message is one sentence per line, and the first alone left
 * `--window -3d` at "argument is ambiguous", without the remedy the next lines give.
 */
export function argumentsError(error: unknown, usage: string): UsageError {
  const message = error instanceof Error ? error.message.split("\n").map((line) => line.trim()).filter(Boolean).join(" ") : String(error);
  return new UsageError(message || "bad arguments", usage);
}
