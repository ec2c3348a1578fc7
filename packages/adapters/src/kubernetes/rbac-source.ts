import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import {
  buildSnapshot,
  ClusterRoleBindingSchema,
  ClusterRoleSchema,
  NamespaceSchema,
  RoleBindingSchema,
  RoleSchema,
  ServiceAccountSchema,
  type RbacObject,
  type RbacSnapshot,
} from "@rbac-recommender/core";
import { listAll, type ListCall } from "./list-all.ts";

/** Where the pipeline gets today's RBAC objects. */
export interface RbacSource {
  readonly location: string;
  snapshot(): Promise<RbacSnapshot>;
}

const SCHEMAS = {
  ClusterRole: ClusterRoleSchema,
  Role: RoleSchema,
  ClusterRoleBinding: ClusterRoleBindingSchema,
  RoleBinding: RoleBindingSchema,
  ServiceAccount: ServiceAccountSchema,
  Namespace: NamespaceSchema,
} as const;

type Kind = keyof typeof SCHEMAS;

type Lister = (rbac: RbacAuthorizationV1Api, core: CoreV1Api) => ListCall<unknown>;

/** The six lists the analysis needs, all cluster-wide. */
const LISTS: Array<[Kind, string, Lister]> = [
  ["ClusterRole", "clusterroles", (rbac) => (p) => rbac.listClusterRole(p)],
  ["Role", "roles", (rbac) => (p) => rbac.listRoleForAllNamespaces(p)],
  ["ClusterRoleBinding", "clusterrolebindings", (rbac) => (p) => rbac.listClusterRoleBinding(p)],
  ["RoleBinding", "rolebindings", (rbac) => (p) => rbac.listRoleBindingForAllNamespaces(p)],
  ["ServiceAccount", "serviceaccounts", (_, core) => (p) => core.listServiceAccountForAllNamespaces(p)],
  ["Namespace", "namespaces", (_, core) => (p) => core.listNamespace(p)],
];

/**
 * Live RBAC from the Kubernetes API: each list paged, each object validated with the core schemas. An object
 * that does not validate fails the read: recommending against a partial picture of RBAC could suggest
 * removing access that is still needed.
 */
export class KubernetesRbacSource implements RbacSource {
  constructor(private readonly config: KubeConfig, private readonly pageSize = 500) {}

  get location(): string {
    return this.config.getCurrentCluster()?.server ?? "kubernetes";
  }

  async snapshot(): Promise<RbacSnapshot> {
    const rbac = this.config.makeApiClient(RbacAuthorizationV1Api);
    const core = this.config.makeApiClient(CoreV1Api);
    // allSettled: a failed list must not leave the others running after snapshot() has given up.
    const settled = await Promise.allSettled(
      LISTS.map(async ([kind, what, lister]) => (await this.list(what, lister(rbac, core))).map((item) => validate(kind, item))),
    );
    const failed = settled.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    const parsed = settled.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
    const errors = parsed.flatMap((p) => (p.ok ? [] : [p.error]));
    if (errors.length > 0) throw new Error(`invalid RBAC objects from ${this.location}: ${errors.join("; ")}`);
    return buildSnapshot(parsed.flatMap((p) => (p.ok ? [p.object] : [])));
  }

  private async list(what: string, call: ListCall<unknown>): Promise<unknown[]> {
    try {
      return await listAll(call, this.pageSize);
    } catch (error) {
      throw new Error(`listing ${what} from ${this.location}: ${describeFailure(error)}`, { cause: error });
    }
  }
}

/**
 * The client hands back model classes (dates as Date) and list items without kind/apiVersion; a JSON round
 * trip gives the wire shape the schemas describe.
 */
function validate(kind: Kind, item: unknown): { ok: true; object: RbacObject } | { ok: false; error: string } {
  const wire: Record<string, unknown> = { ...(JSON.parse(JSON.stringify(item)) as Record<string, unknown>), kind };
  const parsed = SCHEMAS[kind].safeParse(wire);
  if (parsed.success) return { ok: true, object: parsed.data as RbacObject };
  const meta = (wire.metadata ?? {}) as { name?: string; namespace?: string };
  const name = meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
  return { ok: false, error: `${kind} ${name}: ${parsed.error.issues.map((i: { path: PropertyKey[]; message: string }) => `${i.path.map(String).join(".")}: ${i.message}`).join(", ")}` };
}

/** fetch reports TLS and connection problems only in `cause` ("fetch failed"); the cause is what helps. */
function describeFailure(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error && messages.length < 4; e = e.cause) messages.push(e.message);
  return messages.length > 0 ? messages.join(": ") : String(error);
}
