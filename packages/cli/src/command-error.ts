/**
 * A failure the user can act on (a store that cannot be opened, a port in use, a failed run), reported as one
 * line on stderr with exit code 1, like an unreadable input. Bugs stay plain errors and keep their stack.
 */
export class CommandError extends Error {
  override name = "CommandError";
}

/** The first line of an error's message: SDK and fetch errors are one sentence followed by noise. */
export function firstLine(error: unknown): string {
  const messages: string[] = [];
  // fetch and the SDKs put what helps ("connect ECONNREFUSED") in `cause`, behind a vague "fetch failed".
  for (let e: unknown = error; e instanceof Error && messages.length < 3; e = e.cause) messages.push(e.message.split("\n")[0] ?? "");
  return messages.length > 0 ? messages.filter(Boolean).join(": ") : String(error);
}
