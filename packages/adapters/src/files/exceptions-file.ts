import { readFile } from "node:fs/promises";
import { ExceptionListSchema, type RecommendationException } from "@rbac-recommender/core";
import { parse } from "yaml";
import { InputError } from "./input-paths.ts";

/**
 * The keep-list (`--exceptions FILE`): YAML or JSON `{ exceptions: [{ subject | binding, owner, reason, expires? }] }`.
 * Invalid entries stop the run with the path and the first problem: a keep-list silently half-read could let
 * a removal through that someone decided against.
 */
export async function readExceptions(path: string): Promise<RecommendationException[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new InputError("keep-list", path, cause);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (cause) {
    throw new InputError("keep-list", path, `not YAML or JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const result = ExceptionListSchema.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError("keep-list", path, `${issue?.path.join(".") || "document"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data.exceptions;
}
