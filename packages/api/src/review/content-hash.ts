import { createHash } from "node:crypto";
import type { KubernetesObject, Recommendation } from "@rbac-recommender/core";

/** JSON with object keys sorted, so equal values hash equally whatever order a writer used. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function digest(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("base64url").slice(0, 27);
}

function withoutAnnotations(object: KubernetesObject): KubernetesObject {
  const { annotations: _provenance, ...metadata } = object.metadata;
  return { ...object, metadata };
}

/**
 * What a reviewer approves is the change: the objects to create and the bindings to leave. Evidence (counts,
 * window) and provenance annotations move every night; hashing them would mark every claim OUTDATED daily.
 */
export function contentHash(recommendation: Recommendation): string {
  return digest({
    subject: recommendation.subject,
    kind: recommendation.kind,
    apply: recommendation.apply.map(withoutAnnotations),
    remove: recommendation.remove,
  });
}
