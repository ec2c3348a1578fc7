import { createHash } from "node:crypto";
import type { SubjectRef } from "../subject.ts";

const NAME_PREFIX = "rbac-recommender:";
/** The longest object name Kubernetes stores comfortably (a DNS subdomain's limit). */
const MAX_NAME = 253;
/** Ids are label values too (`rbac-recommender.io/recommendation`), and those stop at 63 characters. */
const MAX_ID = 63;
const HASH_LENGTH = 8;

export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, HASH_LENGTH);
}

/** Identity of a subject for hashing: kind/namespace/name, so User and Group "devs" differ. */
function identity(subject: SubjectRef): string {
  return `${subject.kind}/${subject.namespace ?? ""}/${subject.name}`;
}

function idPrefix(subject: SubjectRef): string {
  return subject.kind === "ServiceAccount" ? "sa" : subject.kind.toLowerCase();
}

function slug(text: string, max: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, max)
    .replace(/^-+|-+$/g, "");
}

/** `sa-shop-api-1a2b3c4d`: readable, URL-safe, stable across runs, and unique through the hash. */
export function recommendationId(subject: SubjectRef): string {
  const readable = subject.kind === "ServiceAccount" ? `${subject.namespace}-${subject.name}` : subject.name;
  const room = MAX_ID - idPrefix(subject).length - HASH_LENGTH - 2;
  const middle = slug(readable, room);
  return [idPrefix(subject), ...(middle ? [middle] : []), shortHash(identity(subject))].join("-");
}

function readableName(subject: SubjectRef): string {
  if (subject.kind === "ServiceAccount") return `sa:${subject.namespace}:${subject.name}`;
  return `${subject.kind.toLowerCase()}:${subject.name}`;
}

/**
 * `rbac-recommender:sa:shop:api`, the name of every generated role and binding of the subject. Names must
 * be valid path segments (no '/', '%'); when anything had to be replaced or cut, a hash of the subject keeps
 * two subjects from sharing a name.
 */
export function generatedName(subject: SubjectRef): string {
  const readable = readableName(subject);
  const safe = readable.replace(/[^A-Za-z0-9._:@-]/g, "-");
  const full = NAME_PREFIX + safe;
  if (safe === readable && full.length <= MAX_NAME) return full;
  return `${full.slice(0, MAX_NAME - HASH_LENGTH - 1)}-${shortHash(identity(subject))}`;
}
