import { stringify } from "yaml";
import { compareText } from "../recommend/order.ts";
import type { KubernetesObject, Recommendation } from "../recommend/schema.ts";
import { blockYaml, YAML_OPTIONS } from "./block-yaml.ts";
import { headerLines } from "./header.ts";

function document(object: KubernetesObject): string {
  return `---\n${blockYaml(object) ?? stringify(object, YAML_OPTIONS)}`;
}

/** One recommendation as a file for `kubectl apply -f`: a comment header, then one document per object. */
export function renderManifest(rec: Recommendation): string {
  return [...headerLines(rec).map((line) => `${line}\n`), ...rec.apply.map(document)].join("");
}

/** Each recommendation's manifest by id, rendered once for its own file and for the bundle. */
export function renderManifests(recs: readonly Recommendation[]): Map<string, string> {
  return new Map(recs.map((rec) => [rec.id, renderManifest(rec)]));
}

/**
 * Every recommendation in one file (all.yaml), ordered by id whatever order they came in; `rendered` holds
 * manifests already rendered (`renderManifests`).
 */
export function renderBundle(recs: readonly Recommendation[], rendered?: ReadonlyMap<string, string>): string {
  const ordered = [...recs].sort((a, b) => compareText(a.id, b.id));
  return [`# rbac-recommender: ${ordered.length} recommendations\n`, ...ordered.map((rec) => `\n${rendered?.get(rec.id) ?? renderManifest(rec)}`)].join("");
}
