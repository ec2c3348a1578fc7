import type { Authorizer } from "../rbac/authorizer.ts";
import { bindingKey, bindingRefOfObject, type BindingRef, type PolicyRule } from "../rbac/model.ts";
import { ruleAllows } from "../rbac/rule.ts";
import { generatedName, shortHash } from "../recommend/naming.ts";
import { asObject, bindingSubject, provenanceMetadata, type Provenance } from "../recommend/objects.ts";
import { asRollbackObject } from "../recommend/removal.ts";
import type { KubernetesObject, Recommendation, RecommendationKind } from "../recommend/schema.ts";
import type { SubjectUsage } from "../usage/subject-usage.ts";
import type { BindingEvidence } from "./binding-evidence.ts";
import type { KnownResources } from "./known-resources.ts";
import type { ScopedRules } from "./risk-delta.ts";
import type { SnapshotIndex } from "./snapshot-index.ts";
import { bareUser } from "./subject-bindings.ts";

/** One way to change a subject's access, before evidence and safeguards are attached. */
export interface Candidate {
  id: string;
  kind: RecommendationKind;
  summary: string;
  apply: KubernetesObject[];
  remove: BindingRef[];
  deleteBindings: BindingRef[];
  rollback: KubernetesObject[];
  /** The bindings whose access this change reduces: safeguards (keep-list, too new) look at these. */
  touches: BindingRef[];
  /**
   * What the change takes away and what it creates, for the risk delta. Default: the rules of the
   * bindings in `remove`, and the roles in `apply`.
   */
  before?: ScopedRules[];
  after?: ScopedRules[];
}

export interface AlternativeContext {
  index: SnapshotIndex;
  authorizer: Authorizer;
  usage: SubjectUsage;
  evidence: readonly BindingEvidence[];
  known: KnownResources;
  provenance: Provenance;
}

const RBAC_GROUP = "rbac.authorization.k8s.io";
const READ_VERBS = new Set(["get", "list", "watch"]);

const removedBy = (rec: Recommendation) => new Set(rec.remove.map(bindingKey));
const isRemoved = (rec: Recommendation, e: BindingEvidence) => removedBy(rec).has(bindingKey(e.binding));
const described = (b: BindingRef) => (b.namespace ? `${b.kind} "${b.namespace}/${b.name}"` : `${b.kind} "${b.name}"`);

/** Every alternative to the main recommendation; each keeps all observed allowed requests allowed. */
export function alternativesTo(rec: Recommendation, ctx: AlternativeContext): Candidate[] {
  if (rec.kind !== "REPLACE_ROLE") return [];
  return [...scopeDowns(rec, ctx), ...ruleDrops(rec, ctx), ...unusedRemovals(rec, ctx), ...builtInView(rec, ctx)];
}

/** A ClusterRoleBinding used only inside some namespaces becomes RoleBindings to the same ClusterRole there. */
function scopeDowns(rec: Recommendation, ctx: AlternativeContext): Candidate[] {
  return ctx.evidence
    .filter((e) => e.binding.kind === "ClusterRoleBinding" && !e.bootstrap && isRemoved(rec, e) && e.requests > 0)
    .filter((e) => e.role.kind === "ClusterRole" && e.namespacesUsed.every((ns) => ns !== ""))
    .map((e) => {
      const rules = e.rules.map((r) => r.rule);
      const change = changeOf(rec, `scope-down-${shortHash(bindingKey(e.binding))}`, "SCOPE_DOWN", [e.binding]);
      const apply = e.namespacesUsed.map((ns) => roleBindingTo(e.role.name, ns, { ...ctx.provenance, id: change.id }, e.requests));
      return {
        ...change,
        summary: `Bind ClusterRole "${e.role.name}" only in ${e.namespacesUsed.length} namespace(s) (${e.namespacesUsed.join(", ")}) instead of cluster-wide through ${described(e.binding)}.`,
        apply,
        touches: [e.binding],
        before: [{ rules, namespace: "" }],
        after: e.namespacesUsed.map((namespace) => ({ rules, namespace })),
      };
    });
}

/** A role only this binding uses keeps the rules that were used, and loses the rest. */
function ruleDrops(rec: Recommendation, ctx: AlternativeContext): Candidate[] {
  return ctx.evidence
    .filter((e) => e.roleExclusive && isRemoved(rec, e) && e.requests > 0 && e.rules.some((r) => r.requests === 0))
    .map((e) => {
      const role = roleOf(ctx.index, e);
      const kept = e.rules.filter((r) => r.requests > 0).map((r) => r.rule);
      const dropped = e.rules.length - kept.length;
      const change = changeOf(rec, `drop-rules-${shortHash(bindingKey(e.binding))}`, "DROP_RULES", []);
      const edited = { ...role, metadata: editedMetadata(role, { ...ctx.provenance, id: change.id }, e.requests), rules: kept };
      return {
        ...change,
        summary: `Keep ${e.role.kind} "${e.role.name}" but drop ${dropped} of ${e.rules.length} rules never used through ${described(e.binding)}.`,
        apply: [asObject(edited)],
        rollback: [asRollbackObject(role)],
        touches: [e.binding],
        before: [{ rules: e.rules.map((r) => r.rule), namespace: e.namespace }],
        after: [{ rules: kept, namespace: e.namespace }],
      };
    });
}

/** The conservative option: remove only the bindings nothing was used through, keep the rest. */
function unusedRemovals(rec: Recommendation, ctx: AlternativeContext): Candidate[] {
  const unused = ctx.evidence.filter((e) => !e.bootstrap && isRemoved(rec, e) && e.requests === 0);
  if (unused.length === 0 || unused.length === rec.remove.length) return [];
  const refs = unused.map((e) => e.binding);
  return [
    {
      ...changeOf(rec, "remove-unused", "REMOVE_BINDING", refs),
      summary: `Remove only the ${refs.length} binding(s) nothing was used through (${refs.map(described).join(", ")}); keep the others.`,
      touches: refs,
      after: [],
    },
  ];
}

/**
 * Read-only usage that the built-in `view` ClusterRole covers can use it instead of a generated role:
 * broader than observed, but a role everyone knows. Offered only if the subject already holds all of
 * `view` in those namespaces (no new access).
 */
function builtInView(rec: Recommendation, ctx: AlternativeContext): Candidate[] {
  const view = ctx.index.roleOf({ kind: "ClusterRole", name: "view" }, "");
  const needed = ctx.usage.allowed.filter((p) => !p.coveredByDefaults);
  if (!view || needed.length === 0 || rec.apply.length === 0) return [];
  const readOnly = needed.every((p) => p.attrs.resourceRequest && p.attrs.namespace !== "" && READ_VERBS.has(p.attrs.verb));
  if (!readOnly || !needed.every((p) => view.rules.some((rule) => ruleAllows(p.attrs, rule)))) return [];
  const namespaces = [...new Set(needed.map((p) => p.attrs.namespace))].sort();
  if (!namespaces.every((ns) => holdsAll(view.rules, ns, ctx))) return [];
  // Already bound to view exactly there, and to nothing else that would go: the change would only rename.
  const removed = ctx.evidence.filter((e) => isRemoved(rec, e));
  if (removed.every((e) => e.role.kind === "ClusterRole" && e.role.name === "view" && namespaces.includes(e.namespace))) return [];
  const change = changeOf(rec, "view", "REPLACE_ROLE", rec.remove);
  return [
    {
      ...change,
      summary: `Use the built-in ClusterRole "view" in ${namespaces.join(", ")} instead of a generated role: broader, but standard.`,
      apply: namespaces.map((ns) => roleBindingTo("view", ns, { ...ctx.provenance, id: change.id }, rec.usage.requests)),
      touches: rec.remove,
      after: namespaces.map((namespace) => ({ rules: view.rules, namespace })),
    },
  ];
}

function holdsAll(rules: readonly PolicyRule[], namespace: string, ctx: AlternativeContext): boolean {
  const user = bareUser(ctx.provenance.subject);
  for (const atom of ctx.known.atomsGrantedBy(rules)) {
    const [groupResource, verb] = atom.split(":") as [string, string];
    const slash = groupResource.indexOf("/");
    const [resource, subresource = ""] = groupResource.slice(slash + 1).split("/") as [string, string?];
    const attrs = { verb, resourceRequest: true, apiGroup: groupResource.slice(0, slash), resource, subresource, namespace, name: "", path: "" };
    if (!ctx.authorizer.allows(user, attrs)) return false;
  }
  return true;
}

/** The parts of a candidate that follow from which bindings it takes the subject out of. */
function changeOf(rec: Recommendation, suffix: string, kind: RecommendationKind, remove: readonly BindingRef[]) {
  const keys = new Set(remove.map(bindingKey));
  return {
    id: alternativeId(rec.id, suffix),
    kind,
    apply: [] as KubernetesObject[],
    remove: rec.remove.filter((b) => keys.has(bindingKey(b))),
    deleteBindings: (rec.deleteBindings ?? []).filter((b) => keys.has(bindingKey(b))),
    rollback: rec.rollback.filter((o) => keys.has(bindingKey(bindingRefOfObject(o)))),
  };
}

/** Ids are label values, so at most 63 characters; a long one keeps its uniqueness through a hash. */
const MAX_ID = 63;
export function alternativeId(mainId: string, suffix: string): string {
  const readable = `${mainId}-${suffix}`;
  return readable.length <= MAX_ID ? readable : `${mainId.slice(0, MAX_ID - 9)}-${shortHash(readable)}`;
}

function roleBindingTo(clusterRole: string, namespace: string, provenance: Provenance, requests: number): KubernetesObject {
  return asObject({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: provenanceMetadata(`${generatedName(provenance.subject)}:${clusterRole}`, namespace, provenance, requests),
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: clusterRole },
    subjects: [bindingSubject(provenance.subject)],
  });
}

function roleOf(index: SnapshotIndex, e: BindingEvidence) {
  const found = index.roleOf(e.role, e.namespace);
  if (!found) throw new Error(`role ${e.role.kind} ${e.role.name} of a role-exclusive binding vanished from the snapshot`);
  return found;
}

/** Our provenance on a role we edit, keeping the owner's own labels and annotations. */
function editedMetadata(role: ReturnType<typeof roleOf>, provenance: Provenance, requests: number) {
  const ours = provenanceMetadata(role.metadata.name, role.metadata.namespace ?? "", provenance, requests);
  return {
    ...ours,
    labels: { ...role.metadata.labels, ...ours.labels },
    annotations: { ...role.metadata.annotations, ...ours.annotations },
  };
}
