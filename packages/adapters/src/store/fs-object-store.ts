import { createHash, randomUUID } from "node:crypto";
import { link, readFile, readdir, rename, rm, unlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { makeDirectory } from "../files/make-directory.ts";
import { PreconditionFailedError, type ObjectStore, type StoredText, type WriteCondition } from "./object-store.ts";

function etagOf(text: string): string {
  return `"${createHash("sha256").update(text).digest("hex").slice(0, 32)}"`;
}

/**
 * A directory as a store (CLI, `npm start`). Writes go to a temp file that is renamed into place, so a
 * reader sees a whole old or whole new file; create-only uses link(2), which fails atomically if the key exists.
 */
export class FsObjectStore implements ObjectStore {
  /** Conditional writes to one key are serialised within the process; compare-then-rename is not atomic otherwise. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(readonly location: string) {}

  private path(key: string): string {
    return join(this.location, ...key.split("/"));
  }

  async get(key: string): Promise<StoredText | undefined> {
    try {
      const text = await readFile(this.path(key), "utf8");
      return { text, etag: etagOf(text) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async put(key: string, text: string, condition: WriteCondition = {}): Promise<{ etag: string }> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.write(key, text, condition));
    this.locks.set(key, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(key) === next) this.locks.delete(key);
    }
  }

  private async write(key: string, text: string, condition: WriteCondition): Promise<{ etag: string }> {
    const target = this.path(key);
    await makeDirectory(dirname(target));
    const temp = join(dirname(target), `.tmp-${randomUUID()}`);
    await writeFile(temp, text);
    try {
      if (condition.ifNoneMatch === "*") {
        await link(temp, target).catch((error: NodeJS.ErrnoException) => {
          throw error.code === "EEXIST" ? new PreconditionFailedError(key) : error;
        });
        return { etag: etagOf(text) };
      }
      if (condition.ifMatch !== undefined) {
        const current = await this.get(key);
        if (current?.etag !== condition.ifMatch) throw new PreconditionFailedError(key);
      }
      await rename(temp, target);
      return { etag: etagOf(text) };
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    const keys = await this.walk(this.location);
    for (const key of keys.sort()) if (key.startsWith(prefix)) yield key;
  }

  private async walk(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    const keys: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue; // temp files of writes in flight
      const path = join(dir, entry.name);
      if (entry.isDirectory()) keys.push(...(await this.walk(path)));
      else keys.push(relative(this.location, path).split(sep).join("/"));
    }
    return keys;
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
