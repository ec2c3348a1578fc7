import type { BindingRef, BindingSubject, ClusterRole, ClusterRoleBinding, ObjectMeta, PolicyRule, Role, RoleBinding, ServiceAccount } from "../rbac/model.ts";
import { describeSubject, type SubjectRef } from "../subject.ts";
import { generatedName } from "./naming.ts";
import type { KubernetesObject } from "./schema.ts";

const RBAC_API_VERSION = "rbac.authorization.k8s.io/v1";
const RBAC_GROUP = "rbac.authorization.k8s.io";

export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY_VALUE = "rbac-recommender";
export const RECOMMENDATION_LABEL = "rbac-recommender.io/recommendation";
export const SUBJECT_ANNOTATION = "rbac-recommender.io/subject";
export const WINDOW_ANNOTATION = "rbac-recommender.io/window";
export const REQUESTS_ANNOTATION = "rbac-recommender.io/requests";
export const GENERATOR_ANNOTATION = "rbac-recommender.io/generator";
export const INCLUDES_DENIED_ANNOTATION = "rbac-recommender.io/includes-denied";

/** Where a generated object came from, written onto it so a cluster object leads back to its evidence. */
export interface Provenance {
  id: string;
  subject: SubjectRef;
  window: { from: number; to: number };
  generator: string;
}

/** The rules one generated role holds: namespace "" is the ClusterRole. */
export interface ScopedGrant {
  namespace: string;
  rules: PolicyRule[];
  /** Requests these rules are built from: the evidence count on the objects. */
  requests: number;
  includesDenied: boolean;
}

function metadata(grant: ScopedGrant, provenance: Provenance): ObjectMeta {
  return provenanceMetadata(generatedName(provenance.subject), grant.namespace, provenance, grant.requests, grant.includesDenied);
}

/** Labels and annotations that lead from a cluster object back to its recommendation and evidence. */
export function provenanceMetadata(name: string, namespace: string, provenance: Provenance, requests: number, includesDenied = false): ObjectMeta {
  const { from, to } = provenance.window;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [RECOMMENDATION_LABEL]: provenance.id },
    annotations: {
      [SUBJECT_ANNOTATION]: describeSubject(provenance.subject),
      [WINDOW_ANNOTATION]: `${new Date(from).toISOString()}/${new Date(to).toISOString()}`,
      [REQUESTS_ANNOTATION]: String(requests),
      [GENERATOR_ANNOTATION]: provenance.generator,
      ...(includesDenied ? { [INCLUDES_DENIED_ANNOTATION]: "true" } : {}),
    },
  };
}

export function bindingSubject(subject: SubjectRef): BindingSubject {
  if (subject.kind === "ServiceAccount") return { kind: "ServiceAccount", name: subject.name, namespace: subject.namespace ?? "" };
  return { kind: subject.kind, apiGroup: RBAC_GROUP, name: subject.name };
}

function role(grant: ScopedGrant, provenance: Provenance): Role | ClusterRole {
  const meta = metadata(grant, provenance);
  return grant.namespace
    ? { apiVersion: RBAC_API_VERSION, kind: "Role", metadata: meta, rules: grant.rules }
    : { apiVersion: RBAC_API_VERSION, kind: "ClusterRole", metadata: meta, rules: grant.rules };
}

function binding(grant: ScopedGrant, provenance: Provenance): RoleBinding | ClusterRoleBinding {
  const meta = metadata(grant, provenance);
  const subjects = [bindingSubject(provenance.subject)];
  return grant.namespace
    ? { apiVersion: RBAC_API_VERSION, kind: "RoleBinding", metadata: meta, roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: meta.name }, subjects }
    : { apiVersion: RBAC_API_VERSION, kind: "ClusterRoleBinding", metadata: meta, roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: meta.name }, subjects };
}

/** The refs of the bindings a change set creates, so it does not also ask to remove them. */
export function generatedBindingRefs(subject: SubjectRef, namespaces: readonly string[]): BindingRef[] {
  const name = generatedName(subject);
  return namespaces.map((ns) => (ns ? { kind: "RoleBinding", name, namespace: ns } : { kind: "ClusterRoleBinding", name }));
}

/** Role then binding per scope, the cluster scope first: the order `kubectl apply` creates them in. */
export function changeSetObjects(grants: readonly ScopedGrant[], provenance: Provenance): KubernetesObject[] {
  return grants.flatMap((grant) => [asObject(role(grant, provenance)), asObject(binding(grant, provenance))]);
}

/** The report stores objects loosely typed; copying turns the RBAC interfaces into plain records. */
export function asObject(o: Role | ClusterRole | RoleBinding | ClusterRoleBinding | ServiceAccount): KubernetesObject {
  return { ...o, metadata: { ...o.metadata } };
}
