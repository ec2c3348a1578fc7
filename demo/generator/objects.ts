/** Builders for RBAC objects as `kubectl get -o yaml` prints them (server-set metadata included). */
import type { Random } from "./random.ts";

export type Rule = { apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[]; verbs: string[] };
export type Subject = { kind: "User" | "Group" | "ServiceAccount"; name: string; namespace?: string; apiGroup?: string };
export type KubeObject = Record<string, unknown> & { kind: string; metadata: Record<string, unknown> };

export const RBAC_API = "rbac.authorization.k8s.io/v1";
export const BOOTSTRAP_LABELS = { "kubernetes.io/bootstrapping": "rbac-defaults" };
export const AUTOUPDATE = { "rbac.authorization.kubernetes.io/autoupdate": "true" };

/** Server-set metadata: creation time, uid, resourceVersion, all deterministic. */
export function serverMeta(random: Random, created: string, meta: Record<string, unknown>): Record<string, unknown> {
  return { ...meta, creationTimestamp: created, resourceVersion: String(1000 + random.int(900000)), uid: random.uuid() };
}

export const user = (name: string): Subject => ({ apiGroup: "rbac.authorization.k8s.io", kind: "User", name });
export const group = (name: string): Subject => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name });
export const serviceAccount = (namespace: string, name: string): Subject => ({ kind: "ServiceAccount", name, namespace });

export const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): Rule =>
  resourceNames ? { apiGroups, resources, resourceNames, verbs } : { apiGroups, resources, verbs };
export const urls = (nonResourceURLs: string[], verbs: string[]): Rule => ({ nonResourceURLs, verbs });

export const READ = ["get", "list", "watch"];
export const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
