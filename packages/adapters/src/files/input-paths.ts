import { open, readdir, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";

/** What an input path is for, as users call it ("audit log", "RBAC input"): error messages name both. */
export type InputKind = "audit log" | "RBAC input" | "keep-list";

/** An input that cannot be read or is invalid. The message is one line naming the path, so the CLI prints it as is. */
export class InputError extends Error {
  constructor(
    readonly kind: InputKind,
    readonly path: string,
    cause: unknown,
  ) {
    super(`${kind} ${path}: ${describeFsError(cause)}`);
    this.name = "InputError";
  }
}

/** A file-system error in a few words ("no such file or directory"), without Node's code and syscall noise. */
export function describeFsError(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.split("\n")[0] ?? "unreadable";
}

export interface InputPathOptions {
  /** Filters the files found inside directories; a file named explicitly is always read. */
  accept?: (name: string) => boolean;
  /**
   * Whether a directory with nothing to read in it is fine: the incremental runs, whose log directory may have
   * been emptied by a shipper since the last run; elsewhere it is refused, as a missing path is (an empty
   * report would read as a clean cluster).
   */
  allowEmptyDirectories?: boolean;
}

/**
 * The files behind the given paths: files as given, directories walked recursively. Order is deterministic
 * (arguments in order, each directory sorted by code point) so two runs over the same input agree byte for byte.
 */
export async function expandInputPaths(paths: readonly string[], kind: InputKind, options: InputPathOptions = {}): Promise<string[]> {
  const accept = options.accept ?? (() => true);
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((cause: unknown) => {
      throw new InputError(kind, path, cause);
    });
    if (!info.isDirectory()) files.push(path);
    else if ((await walk(path, kind, accept, files)) === 0 && !options.allowEmptyDirectories) {
      throw new InputError(kind, path, new Error("nothing to read in this directory"));
    }
  }
  // The same file given twice (or inside a given directory) must not count twice.
  return [...new Set(files)];
}

/** Adds the files under `dir` to `files`; returns how many it added. */
async function walk(dir: string, kind: InputKind, accept: (name: string) => boolean, files: string[]): Promise<number> {
  const before = files.length;
  const entries = await readdir(dir, { withFileTypes: true }).catch((cause: unknown) => {
    throw new InputError(kind, dir, cause);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // Symbolic links are not followed inside directories: a link loop would never end.
    if (entry.isDirectory()) await walk(path, kind, accept, files);
    else if (entry.isFile() && accept(entry.name)) files.push(path);
  }
  return files.length - before;
}

/** The audit log at `path`, open for reading; an InputError naming it when it cannot be opened. */
export function openAuditLog(path: string): Promise<FileHandle> {
  return open(path, "r").catch((cause: unknown) => {
    throw new InputError("audit log", path, cause);
  });
}
