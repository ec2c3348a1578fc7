import type { z } from "zod";
import { validateKey, validatePrefix } from "./keys.ts";
import type { ObjectStore, StoredText, WriteCondition } from "./object-store.ts";

export interface Stored<T> {
  value: T;
  etag: string;
}

/**
 * The one store interface every reader and writer uses (the nightly pipeline, the CLI, the API): generic
 * JSON/text primitives with conditional writes, keys validated before they reach a backend.
 */
export class ResultsStore {
  constructor(private readonly objects: ObjectStore) {}

  get location(): string {
    return this.objects.location;
  }

  async getText(key: string): Promise<StoredText | undefined> {
    return this.objects.get(validateKey(key));
  }

  async putText(key: string, text: string, condition: WriteCondition = {}, contentType = "text/plain; charset=utf-8") {
    return this.objects.put(validateKey(key), text, { ...condition, contentType });
  }

  /** Reads and validates: a stored object that no longer fits its schema is an error, not silently used. */
  async getJson<S extends z.ZodType>(key: string, schema: S): Promise<Stored<z.output<S>> | undefined> {
    const stored = await this.getText(key);
    if (!stored) return undefined;
    const parsed = schema.safeParse(JSON.parse(stored.text));
    if (!parsed.success) throw new Error(`${this.describe(key)} does not match its schema: ${parsed.error.message}`);
    return { value: parsed.data, etag: stored.etag };
  }

  /** Where a key is, for messages: `s3://bucket/prefix/key` or a path. */
  describe(key: string): string {
    return this.location.endsWith("/") ? `${this.location}${key}` : `${this.location}/${key}`;
  }

  async putJson(key: string, value: unknown, condition: WriteCondition = {}): Promise<{ etag: string }> {
    return this.putText(key, `${JSON.stringify(value, null, 2)}\n`, condition, "application/json");
  }

  list(prefix: string): AsyncIterable<string> {
    return this.objects.list(validatePrefix(prefix));
  }

  async delete(key: string): Promise<void> {
    await this.objects.delete(validateKey(key));
  }
}
