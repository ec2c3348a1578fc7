import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";

/**
 * The server's self-signed certificate (CN kube-apiserver-test, SAN 127.0.0.1, 100 years) and its key, made
 * for these tests only. The client verifies TLS against it like against a cluster CA: client-node refuses
 * plain HTTP unless TLS verification is switched off, which a test should not need.
 */
const TLS = {
  cert: readFileSync(new URL("./kube-api-test.crt", import.meta.url)),
  key: readFileSync(new URL("./kube-api-test.key", import.meta.url)),
};
/** Base64 PEM, as kubeconfig `certificate-authority-data` and `aws eks describe-cluster` give a cluster CA. */
export const KUBE_API_TEST_CA = TLS.cert.toString("base64");

/** The list endpoints the RBAC source reads, with the list kind and apiVersion each returns. */
const ENDPOINTS = {
  "/apis/rbac.authorization.k8s.io/v1/clusterroles": { kind: "ClusterRoleList", apiVersion: "rbac.authorization.k8s.io/v1" },
  "/apis/rbac.authorization.k8s.io/v1/roles": { kind: "RoleList", apiVersion: "rbac.authorization.k8s.io/v1" },
  "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings": { kind: "ClusterRoleBindingList", apiVersion: "rbac.authorization.k8s.io/v1" },
  "/apis/rbac.authorization.k8s.io/v1/rolebindings": { kind: "RoleBindingList", apiVersion: "rbac.authorization.k8s.io/v1" },
  "/api/v1/serviceaccounts": { kind: "ServiceAccountList", apiVersion: "v1" },
  "/api/v1/namespaces": { kind: "NamespaceList", apiVersion: "v1" },
} as const;

export type ListPath = keyof typeof ENDPOINTS;
export type Fixtures = Partial<Record<ListPath, object[]>>;

export interface KubeApiOptions {
  fixtures: Fixtures;
  /** Decides whether a bearer token is accepted (a real API server would ask its authenticators). */
  authenticate: (token: string) => boolean;
}

/**
 * A Kubernetes API server for tests (HTTPS): the RBAC list endpoints, served from fixtures with real `limit`/`continue`
 * paging (items written without kind/apiVersion, as the API server does), 401 without an accepted bearer token,
 * 404 elsewhere. Records every request so tests can see paging and auth happen.
 */
export class KubeApiServer {
  private server: Server | undefined;
  readonly requests: Array<{ path: string; limit?: number; continue?: string; authorized: boolean }> = [];

  constructor(private readonly options: KubeApiOptions) {}

  async start(): Promise<string> {
    this.server = createServer(TLS, (req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    // Keep-alive connections would hold close() open until they time out.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://kube");
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const authorized = token !== undefined && this.options.authenticate(token);
    const limit = url.searchParams.has("limit") ? Number(url.searchParams.get("limit")) : undefined;
    const cont = url.searchParams.get("continue") ?? undefined;
    this.requests.push({ path: url.pathname, ...(limit !== undefined ? { limit } : {}), ...(cont ? { continue: cont } : {}), authorized });
    if (!authorized) return status(res, 401, "Unauthorized", "Unauthorized");
    if (!Object.hasOwn(ENDPOINTS, url.pathname)) return status(res, 404, "NotFound", `the server could not find ${url.pathname}`);
    const path = url.pathname as ListPath;
    const items = this.options.fixtures[path] ?? [];
    const offset = cont ? decodeContinue(cont) : 0;
    if (offset === undefined || offset > items.length) return status(res, 410, "Expired", "continue token is not valid");
    const end = limit && limit > 0 ? Math.min(items.length, offset + limit) : items.length;
    const metadata: Record<string, unknown> = { resourceVersion: "4711" };
    if (end < items.length) {
      metadata.continue = Buffer.from(JSON.stringify({ offset: end })).toString("base64url");
      metadata.remainingItemCount = items.length - end;
    }
    json(res, 200, { ...ENDPOINTS[path], metadata, items: items.slice(offset, end) });
  }
}

function decodeContinue(token: string): number | undefined {
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset?: unknown };
    return typeof offset === "number" && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });
}

/** A kubeconfig like `kubectl config view --raw` prints, pointing at `server` with a static token. */
export function kubeconfigYaml(server: string, token: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: test",
    "  cluster:",
    `    server: ${server}`,
    `    certificate-authority-data: ${KUBE_API_TEST_CA}`,
    "users:",
    "- name: reader",
    "  user:",
    `    token: ${token}`,
    "contexts:",
    "- name: test",
    "  context: {cluster: test, user: reader}",
    "current-context: test",
    "",
  ].join("\n");
}
