import { readFile } from "node:fs/promises";
import { buildSnapshot, parseRbacDocuments, type RbacObject, type RbacSnapshot } from "@rbac-recommender/core";
import { expandInputPaths, InputError } from "./input-paths.ts";

export interface RbacReadResult {
  snapshot: RbacSnapshot;
  files: number;
  /** Documents that are not RBAC objects (Deployments in the same manifest, say): skipped, not errors. */
  ignored: number;
}

const RBAC_FILE = /\.(ya?ml|json)$/i;

/**
 * Reads RBAC objects from files and directories (recursively: `.yaml`, `.yml`, `.json`), e.g. the output of
 * `kubectl get roles,clusterroles,rolebindings,clusterrolebindings,serviceaccounts -A -o yaml`.
 * An invalid RBAC object is fatal: recommending from a snapshot that silently lacks a binding could
 * propose removing access that is still needed elsewhere, so the error names the file instead.
 */
export async function readRbacFiles(paths: readonly string[]): Promise<RbacReadResult> {
  const files = await expandInputPaths(paths, "RBAC input", { accept: (name) => RBAC_FILE.test(name) });
  const objects: RbacObject[] = [];
  let ignored = 0;
  for (const file of files) {
    const text = await readFile(file, "utf8").catch((cause: unknown) => {
      throw new InputError("RBAC input", file, cause);
    });
    const parsed = parseRbacDocuments(text, file);
    const [first] = parsed.errors;
    if (first !== undefined) {
      const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : "";
      // The parser's messages already start with the file name; the error names it once.
      throw new InputError("RBAC input", file, new Error(`${withoutPrefix(first, `${file}: `)}${more}`));
    }
    objects.push(...parsed.objects);
    ignored += parsed.ignored;
  }
  return { snapshot: buildSnapshot(objects), files: files.length, ignored };
}

function withoutPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}
