import type { z } from "zod";
import { readDocuments } from "./documents.ts";
import type { RbacObject } from "./model.ts";
import { RBAC_KINDS, type RbacKind } from "./object-schemas.ts";

export {
  BindingSubjectSchema,
  ClusterRoleBindingSchema,
  ClusterRoleSchema,
  LabelSelectorSchema,
  NamespaceSchema,
  ObjectMetaSchema,
  PolicyRuleSchema,
  RBAC_KINDS,
  RoleBindingSchema,
  RoleRefSchema,
  RoleSchema,
  ServiceAccountSchema,
  type RbacKind,
} from "./object-schemas.ts";
export { buildSnapshot } from "./snapshot.ts";

export interface ParsedRbacDocuments {
  objects: RbacObject[];
  /** Objects of other kinds (Deployments, CRDs, ...), skipped. */
  ignored: number;
  /** One line per invalid object or unreadable document, naming `source` and where in it. */
  errors: string[];
}

/**
 * Reads RBAC objects from the text of one file: `kubectl get ... -o yaml|json` output (a `v1 List`), typed
 * lists (`RoleList`...), multi-document YAML, or JSON objects and arrays. A bad object costs only itself.
 */
export function parseRbacDocuments(text: string, source: string): ParsedRbacDocuments {
  const out: ParsedRbacDocuments = { objects: [], ignored: 0, errors: [] };
  for (const doc of readDocuments(text)) {
    const where = `document ${doc.index}`;
    if (doc.error !== undefined) out.errors.push(`${source}: ${where}: ${doc.error}`);
    else collect(doc.value, where, {}, source, out);
  }
  return out;
}

/** What a typed list (`RoleList`) implies for items, which the API server writes without kind/apiVersion. */
interface ItemDefaults {
  kind?: string;
  apiVersion?: string;
}

function collect(value: unknown, where: string, defaults: ItemDefaults, source: string, out: ParsedRbacDocuments): void {
  if (value === null || value === undefined) return; // an empty YAML document
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, `${where}, [${i}]`, defaults, source, out));
    return;
  }
  if (typeof value !== "object") {
    out.errors.push(`${source}: ${where}: not a Kubernetes object`);
    return;
  }
  const obj = { ...defaults, ...(value as Record<string, unknown>) };
  const list = listOf(obj);
  if (list !== undefined) {
    list.items.forEach((item, i) => collect(item, `${where}, items[${i}]`, list.defaults, source, out));
    return;
  }
  const kind = rbacKindOf(obj);
  if (kind === undefined) {
    out.ignored++;
    return;
  }
  const parsed = RBAC_KINDS[kind].schema.safeParse(obj);
  if (parsed.success) out.objects.push(parsed.data as RbacObject);
  else out.errors.push(`${source}: ${where} (${describe(kind, obj)}): ${describeIssues(parsed.error)}`);
}

function listOf(obj: Record<string, unknown>): { items: unknown[]; defaults: ItemDefaults } | undefined {
  const { kind, apiVersion, items } = obj;
  if (typeof kind !== "string" || !kind.endsWith("List") || !Array.isArray(items)) return undefined;
  if (kind === "List") return { items, defaults: {} };
  return { items, defaults: { kind: kind.slice(0, -"List".length), apiVersion: stringOr(apiVersion) } };
}

/** Kind names are not unique across API groups (a CRD may be called Role): the group must match too. */
function rbacKindOf(obj: Record<string, unknown>): RbacKind | undefined {
  const { kind, apiVersion } = obj;
  if (typeof kind !== "string" || !Object.hasOwn(RBAC_KINDS, kind)) return undefined;
  const rbacKind = kind as RbacKind;
  if (apiVersion === undefined) return rbacKind;
  return typeof apiVersion === "string" && groupOf(apiVersion) === RBAC_KINDS[rbacKind].group ? rbacKind : undefined;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

function describe(kind: string, obj: Record<string, unknown>): string {
  const meta = obj["metadata"];
  const m = typeof meta === "object" && meta !== null ? (meta as Record<string, unknown>) : {};
  const name = stringOr(m["name"]) ?? "<no name>";
  const namespace = stringOr(m["namespace"]);
  return `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${pathOf(i.path)}: ${i.message}`).join("; ");
}

/** `rules[0].verbs`, the way people point into a manifest. */
function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(object)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}

function stringOr(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}
