/** A mistake in how the command was called (exit code 2), as opposed to bad input data (exit code 1). */
export class UsageError extends Error {
  override name = "UsageError";

  /** The usage line of the command that was called; the general one when absent. */
  constructor(message: string, readonly usage?: string) {
    super(message);
  }
}
