import type { AuditRequest, RequestAttributes, UserInfo } from "../audit/request.ts";

const FIELD = "\u001f";
/** Separators; a field holding one of them takes the slower, escaped encoding. */
const RESERVED = /[\u001c-\u001f]/;
const ESCAPED = "\u001c";

/** Encodes request attributes as a compact string key; `decodeAttributes` reverses it exactly. */
export function attributesKey(a: RequestAttributes): string {
  const key =
    a.verb + FIELD + (a.resourceRequest ? "r" : "n") + FIELD + a.apiGroup + FIELD + a.resource + FIELD +
    a.subresource + FIELD + a.namespace + FIELD + a.name + FIELD + a.path;
  // Test the fields, not the key: the key's own separators would always match.
  if (!RESERVED.test(a.verb + a.apiGroup + a.resource + a.subresource + a.namespace + a.name + a.path)) return key;
  return ESCAPED + JSON.stringify([a.verb, a.resourceRequest, a.apiGroup, a.resource, a.subresource, a.namespace, a.name, a.path]);
}

export function decodeAttributes(key: string): RequestAttributes {
  const f = key.startsWith(ESCAPED) ? escapedFields(key) : key.split(FIELD);
  if (f.length !== 8) throw new Error(`corrupt usage key with ${f.length} fields`);
  const [verb, kind, apiGroup, resource, subresource, namespace, name, path] = f as [string, string | boolean, string, string, string, string, string, string];
  return { verb, resourceRequest: kind === "r" || kind === true, apiGroup, resource, subresource, namespace, name, path };
}

function escapedFields(key: string): Array<string | boolean> {
  const f = JSON.parse(key.slice(ESCAPED.length)) as unknown;
  if (!Array.isArray(f)) throw new Error("corrupt usage key");
  return f as Array<string | boolean>;
}

const IMPLICIT_GROUPS = new Set(["system:authenticated", "system:serviceaccounts"]);

/**
 * What the impersonator itself used: `impersonate` on the user (or service account) and on each group it
 * asked for. Groups the API server adds on its own (system:authenticated, the service-account groups) were
 * not asked for, so they need no permission.
 */
export function impersonation(r: AuditRequest): Array<{ user: UserInfo; attrs: RequestAttributes }> {
  if (!r.impersonator) return [];
  const impersonator = r.impersonator;
  const target = r.user.name;
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(target);
  const uses = [impersonateAttrs(sa ? "serviceaccounts" : "users", sa ? sa[2]! : target, sa ? sa[1]! : "")];
  const implicitSaGroup = sa ? `system:serviceaccounts:${sa[1]}` : undefined;
  for (const group of r.user.groups) {
    if (IMPLICIT_GROUPS.has(group) || group === implicitSaGroup) continue;
    uses.push(impersonateAttrs("groups", group, ""));
  }
  return uses.map((attrs) => ({ user: impersonator, attrs }));
}

function impersonateAttrs(resource: string, name: string, namespace: string): RequestAttributes {
  return { verb: "impersonate", resourceRequest: true, apiGroup: "", resource, subresource: "", namespace, name, path: "" };
}
