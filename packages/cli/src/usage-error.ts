/** A mistake in how the command was called (exit code 2), as opposed to bad input data (exit code 1). */
export class UsageError extends Error {
  override name = "UsageError";
}
