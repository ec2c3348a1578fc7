import { subjectServiceAccountNamespace } from "../rbac/applies-to.ts";
import { bindingKey, bindingRefOf, isBootstrapDefault, type Binding, type BindingRef, type BindingSubject, type RbacObject, type RbacSnapshot } from "../rbac/model.ts";
import { subjectKey, subjectOfUsername, type SubjectRef } from "../subject.ts";
import { compareText } from "./order.ts";
import type { KubernetesObject } from "./schema.ts";

/** Taking the subject out of these bindings is what the change set removes. */
export interface Removal {
  remove: BindingRef[];
  /** The bindings in `remove` that name no other subject: they go entirely. */
  deleteBindings: BindingRef[];
  /** Those bindings as they are today, to undo the change. */
  rollback: KubernetesObject[];
}

function bindingNamespace(binding: Binding): string {
  return binding.kind === "RoleBinding" ? (binding.metadata.namespace ?? "") : "";
}

/** The subject a binding entry stands for; a User entry with a service-account username is that account. */
export function subjectOfEntry(entry: BindingSubject, binding: Binding): SubjectRef {
  if (entry.kind === "ServiceAccount") {
    return { kind: "ServiceAccount", name: entry.name, namespace: subjectServiceAccountNamespace(entry, bindingNamespace(binding)) };
  }
  return entry.kind === "User" ? subjectOfUsername(entry.name) : { kind: "Group", name: entry.name };
}

/**
 * Subjects the API server or its operators own, which a least-privilege change must not touch:
 * `system:` users that are not service accounts (control-plane components), and system:masters.
 */
export function isRemovable(subject: SubjectRef): boolean {
  if (subject.kind === "User") return !subject.name.startsWith("system:");
  if (subject.kind === "Group") return subject.name !== "system:masters";
  return subject.namespace !== "" && subject.namespace !== undefined;
}

function names(binding: Binding, entry: BindingSubject, subject: SubjectRef): boolean {
  return subjectKey(subjectOfEntry(entry, binding)) === subjectKey(subject);
}

function allBindings(snapshot: RbacSnapshot): Binding[] {
  return [...snapshot.clusterRoleBindings, ...snapshot.roleBindings];
}

function byBindingRef(a: BindingRef, b: BindingRef): number {
  return compareText(bindingKey(a), bindingKey(b));
}

/** The non-default bindings that name each removable subject directly, keyed by `subjectKey`. */
export type SubjectBindings = Map<string, { subject: SubjectRef; bindings: Binding[] }>;

/** Built once per analysis: looking bindings up per subject would scan the whole snapshot every time. */
export function indexBindings(snapshot: RbacSnapshot | undefined): SubjectBindings {
  const index: SubjectBindings = new Map();
  for (const binding of snapshot ? allBindings(snapshot) : []) {
    if (isBootstrapDefault(binding.metadata)) continue;
    for (const entry of binding.subjects ?? []) {
      const subject = subjectOfEntry(entry, binding);
      if (!isRemovable(subject)) continue;
      const key = subjectKey(subject);
      const found = index.get(key) ?? index.set(key, { subject, bindings: [] }).get(key)!;
      // A binding may name the subject twice (by kind and by username); list it once.
      if (found.bindings.at(-1) !== binding) found.bindings.push(binding);
    }
  }
  return index;
}

/** What to take the subject out of; `keep` are bindings the change set re-creates under the same name. */
export function removalOf(subject: SubjectRef, index: SubjectBindings, keep: readonly BindingRef[]): Removal {
  const kept = new Set(keep.map(bindingKey));
  const naming = (index.get(subjectKey(subject))?.bindings ?? []).filter((b) => !kept.has(bindingKey(bindingRefOf(b))));
  const emptied = naming.filter((b) => (b.subjects ?? []).every((e) => names(b, e, subject)));
  const ordered = [...naming].sort((a, b) => byBindingRef(bindingRefOf(a), bindingRefOf(b)));
  return {
    remove: ordered.map(bindingRefOf),
    deleteBindings: emptied.map(bindingRefOf).sort(byBindingRef),
    rollback: ordered.map(asRollbackObject),
  };
}

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** The object as stored, minus server-managed fields `kubectl apply` would refuse or ignore. */
export function asRollbackObject(object: RbacObject): KubernetesObject {
  const { uid: _uid, creationTimestamp: _created, annotations, ...metadata } = object.metadata;
  const { [LAST_APPLIED]: _lastApplied, ...kept } = annotations ?? {};
  return { ...object, metadata: { ...metadata, ...(Object.keys(kept).length ? { annotations: kept } : {}) } } as KubernetesObject;
}
