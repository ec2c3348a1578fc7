import { parseAllDocuments } from "yaml";

/** One document of an input file, parsed but not yet validated. */
export interface InputDocument {
  /** 1-based, as people count documents in a file. */
  readonly index: number;
  readonly value?: unknown;
  /** Why the document could not be parsed. */
  readonly error?: string;
}

/**
 * Splits a file into documents: JSON (object, List or array) or multi-document YAML.
 * JSON is tried first because it is much faster to parse than YAML, and RBAC exports can be large.
 */
export function readDocuments(text: string): InputDocument[] {
  const json = readJson(text);
  if (json !== undefined) return [{ index: 1, value: json }];
  return parseAllDocuments(text).map((doc, i) => {
    const [first] = doc.errors;
    return first ? { index: i + 1, error: firstLine(first.message) } : { index: i + 1, value: doc.toJS() as unknown };
  });
}

/** The YAML parser follows its message with an excerpt of the file; the line and column say enough. */
function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/:$/, "");
}

function readJson(text: string): unknown {
  const start = text.trimStart()[0];
  if (start !== "{" && start !== "[") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // YAML flow syntax also starts with { or [: let the YAML parser decide and report
  }
}
