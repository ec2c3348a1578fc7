/**
 * The RBAC objects (rbac.authorization.k8s.io/v1 and core/v1 ServiceAccount) the analysis reads.
 * Shapes follow the Kubernetes API; `rbac/schema.ts` validates external input into them.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  uid?: string;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface Role {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "Role";
  metadata: ObjectMeta;
  rules: PolicyRule[];
}

export interface ClusterRole {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "ClusterRole";
  metadata: ObjectMeta;
  rules: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] };
}

export interface RoleRef {
  apiGroup: string;
  kind: "Role" | "ClusterRole";
  name: string;
}

/** A binding subject, exactly as written in a binding. */
export interface BindingSubject {
  kind: "User" | "Group" | "ServiceAccount";
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleBinding {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "RoleBinding";
  metadata: ObjectMeta;
  roleRef: RoleRef;
  subjects?: BindingSubject[];
}

export interface ClusterRoleBinding {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "ClusterRoleBinding";
  metadata: ObjectMeta;
  roleRef: RoleRef;
  subjects?: BindingSubject[];
}

export interface ServiceAccount {
  apiVersion: "v1";
  kind: "ServiceAccount";
  metadata: ObjectMeta;
  automountServiceAccountToken?: boolean;
}

export interface Namespace {
  apiVersion: "v1";
  kind: "Namespace";
  metadata: ObjectMeta;
}

export type RbacObject = Role | ClusterRole | RoleBinding | ClusterRoleBinding | ServiceAccount | Namespace;
export type Binding = RoleBinding | ClusterRoleBinding;

/** Everything the evaluator needs, as read at one moment. */
export interface RbacSnapshot {
  roles: Role[];
  clusterRoles: ClusterRole[];
  roleBindings: RoleBinding[];
  clusterRoleBindings: ClusterRoleBinding[];
  serviceAccounts: ServiceAccount[];
  namespaces: Namespace[];
}

/** Names one binding; `namespace` only for RoleBinding. */
export interface BindingRef {
  kind: "RoleBinding" | "ClusterRoleBinding";
  name: string;
  namespace?: string;
}

/** Bootstrap roles and bindings the API server reconciles; never recommended for removal. */
export const BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";
export const BOOTSTRAP_VALUE = "rbac-defaults";

export function emptySnapshot(): RbacSnapshot {
  return { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [], serviceAccounts: [], namespaces: [] };
}

export function bindingRefOf(b: Binding): BindingRef {
  return b.kind === "RoleBinding"
    ? { kind: "RoleBinding", name: b.metadata.name, namespace: b.metadata.namespace ?? "" }
    : { kind: "ClusterRoleBinding", name: b.metadata.name };
}

/** The ref of a binding as emitted in a report (loosely typed); anything but a RoleBinding counts as cluster-wide. */
export function bindingRefOfObject(o: { kind: string; metadata: { name: string; namespace?: string | undefined } }): BindingRef {
  return o.kind === "RoleBinding"
    ? { kind: "RoleBinding", name: o.metadata.name, namespace: o.metadata.namespace ?? "" }
    : { kind: "ClusterRoleBinding", name: o.metadata.name };
}

/** A stable, unambiguous map key for a binding. */
export function bindingKey(b: BindingRef): string {
  let key = bindingKeys.get(b);
  if (key === undefined) {
    key = b.kind === "RoleBinding" ? `RoleBinding\u001f${b.namespace ?? ""}\u001f${b.name}` : `ClusterRoleBinding\u001f${b.name}`;
    bindingKeys.set(b, key);
  }
  return key;
}

/**
 * Keys already made, per ref: the analysis asks for the key of the same few hundred refs ~10^5 times.
 * Refs are values: nothing changes a ref once it is made.
 */
const bindingKeys = new WeakMap<BindingRef, string>();

export function isBootstrapDefault(meta: ObjectMeta): boolean {
  return meta.labels?.[BOOTSTRAP_LABEL] === BOOTSTRAP_VALUE;
}
