import { nameForRbac } from "../audit/normalize.ts";
import type { RequestAttributes } from "../audit/request.ts";

/**
 * An atom is the smallest thing a rule can allow: one verb on one resource (or non-resource URL) in one
 * scope, restricted to one object name or to none. Atoms are request attributes, so the authorizer can
 * check each one exactly as the API server would.
 */
export type Atom = RequestAttributes;

/**
 * The atom a used permission needs; fields RBAC does not look at are blanked so equal needs compare equal.
 * Decoded attributes already are atoms (normalize.ts blanks the same fields): those are the atom themselves,
 * which spares an object per permission (~10^5, most of the compaction's garbage) and keeps the Usage's
 * shared attributes objects, so equal atoms stay one object.
 */
export function atomOf(attrs: RequestAttributes): Atom {
  if (isAtom(attrs)) return attrs;
  if (!attrs.resourceRequest) {
    return { verb: attrs.verb, resourceRequest: false, apiGroup: "", resource: "", subresource: "", namespace: "", name: "", path: attrs.path };
  }
  // RBAC cannot restrict create, list, watch or deletecollection by name (audit2rbac #24).
  const name = nameForRbac(attrs.verb, attrs.name);
  return { verb: attrs.verb, resourceRequest: true, apiGroup: attrs.apiGroup, resource: attrs.resource, subresource: attrs.subresource, namespace: attrs.namespace, name, path: "" };
}

function isAtom(attrs: RequestAttributes): boolean {
  if (!attrs.resourceRequest) return attrs.apiGroup === "" && attrs.resource === "" && attrs.subresource === "" && attrs.namespace === "" && attrs.name === "";
  return attrs.path === "" && nameForRbac(attrs.verb, attrs.name) === attrs.name;
}

/** `resource/subresource`, as rules name it. */
export function ruleResource(atom: Atom): string {
  return atom.subresource === "" ? atom.resource : `${atom.resource}/${atom.subresource}`;
}

/** The namespace a rule for this atom lives in: "" means a ClusterRole bound cluster-wide. */
export function scopeOf(atom: Atom): string {
  return atom.resourceRequest ? atom.namespace : "";
}
