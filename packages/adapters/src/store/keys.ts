/**
 * Store keys are relative, slash-separated names. They become S3 keys and file paths alike, so anything that
 * could climb out of the store's root or mean different things on the two backends is refused.
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class InvalidKeyError extends Error {
  constructor(readonly key: string, why: string) {
    super(`invalid store key ${JSON.stringify(key)}: ${why}`);
    this.name = "InvalidKeyError";
  }
}

export function validateKey(key: string): string {
  if (key.length === 0 || key.length > 512) throw new InvalidKeyError(key, "length must be 1..512");
  for (const segment of key.split("/")) {
    if (segment === "." || segment === "..") throw new InvalidKeyError(key, "no . or .. segments");
    if (!SEGMENT.test(segment)) throw new InvalidKeyError(key, "segments are [A-Za-z0-9._-], not starting with . - _");
  }
  return key;
}

/** A prefix for listing: a key, optionally ending in "/", or "" for everything. */
export function validatePrefix(prefix: string): string {
  if (prefix === "") return prefix;
  validateKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  return prefix;
}
