import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rbacSourceForEks, rbacSourceFromKubeconfig } from "../../src/kubernetes/sources.ts";
import { KUBE_API_TEST_CA, KubeApiServer, kubeconfigYaml, type Fixtures } from "../../../../test/servers/kube-api.ts";
import { verifyEksToken } from "../../../../test/servers/eks-token-check.ts";
import { shopCluster } from "../../../../test/setup/rbac-fixtures.ts";

/** A CA that did not sign the test server's certificate. */
const OTHER_CA = `-----BEGIN CERTIFICATE-----
MIIBfTCCASOgAwIBAgIURAp+JwBiapYNZDE+HNxX591flvcwCgYIKoZIzj0EAwIw
EzERMA8GA1UEAwwIb3RoZXItY2EwIBcNMjYxMTIyMDU1MDEzWhgPMjEyNjEwMjkw
NTUwMTNaMBMxETAPBgNVBAMMCG90aGVyLWNhMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEZQz7U7HuE+KcoY8qiXR7ZJb/UYMAa4tSpzCp5JLc+MGzAydxkYdCudLy
bMrwoDSEDmfdHphX99WtqeESO/T6/qNTMFEwHQYDVR0OBBYEFPsZ1j19cV+rx1H4
BpF/iND/mUhZMB8GA1UdIwQYMBaAFPsZ1j19cV+rx1H4BpF/iND/mUhZMA8GA1Ud
EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAL6vMwmH9OysPtKTYZiJ8YNt
tYg8udM82xH6Bd7UyqYbAiBma4erG6RN02kX2cVUgLc9IhlLJR+AEdQ1s+3rxS2d
KA==
-----END CERTIFICATE-----
`;

let dir: string;
let server: KubeApiServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kube-"));
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function serve(fixtures: Fixtures, authenticate: (token: string) => boolean) {
  server = new KubeApiServer({ fixtures, authenticate });
  return server.start();
}

async function kubeconfig(url: string, token: string): Promise<string> {
  const path = join(dir, "kubeconfig");
  await writeFile(path, kubeconfigYaml(url, token));
  return path;
}

describe("live RBAC from the Kubernetes API", () => {
  it("reads every RBAC list page by page through a kubeconfig and validates the objects", async () => {
    const url = await serve(shopCluster(), (token) => token === "reader-token");
    const source = rbacSourceFromKubeconfig(await kubeconfig(url, "reader-token"), { pageSize: 2 });
    const snapshot = await source.snapshot();
    expect(snapshot.clusterRoles.map((r) => r.metadata.name).sort()).toEqual(["aggregate-empty", "everything", "view-pods"]);
    expect(snapshot.roles.map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual(["shop/config-reader"]);
    expect(snapshot.roleBindings).toHaveLength(2);
    expect(snapshot.clusterRoleBindings[0]?.subjects).toEqual([{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "ops" }]);
    expect(snapshot.serviceAccounts).toHaveLength(3);
    expect(snapshot.namespaces.map((n) => n.metadata.name).sort()).toEqual(["default", "kube-system", "shop"]);
    // An aggregated ClusterRole lists `rules: null`; it reads as no rules of its own.
    expect(snapshot.clusterRoles.find((r) => r.metadata.name === "aggregate-empty")?.rules).toEqual([]);
    // Three cluster roles with limit=2 take two pages: the second asks with the continue token of the first.
    const clusterRoleCalls = server!.requests.filter((r) => r.path.endsWith("/clusterroles"));
    expect(clusterRoleCalls.map((r) => ({ limit: r.limit, continued: r.continue !== undefined }))).toEqual([
      { limit: 2, continued: false },
      { limit: 2, continued: true },
    ]);
    expect(server!.requests.every((r) => r.authorized)).toBe(true);
    expect(server!.requests.some((r) => /secrets/.test(r.path))).toBe(false);
  });

  it("fails with the API's refusal when the token is not accepted", async () => {
    const url = await serve(shopCluster(), (token) => token === "reader-token");
    const source = rbacSourceFromKubeconfig(await kubeconfig(url, "stolen"));
    await expect(source.snapshot()).rejects.toThrow(/401|Unauthorized/);
  });

  it("refuses a snapshot with an object that does not validate, naming it", async () => {
    const fixtures = shopCluster();
    fixtures["/apis/rbac.authorization.k8s.io/v1/rolebindings"]!.push({ metadata: { name: "broken", namespace: "shop" }, subjects: [] });
    const url = await serve(fixtures, () => true);
    const source = rbacSourceFromKubeconfig(await kubeconfig(url, "t"));
    await expect(source.snapshot()).rejects.toThrow(/RoleBinding shop\/broken: roleRef/);
  });

  it("authenticates to EKS with a token signed by the caller's AWS credentials for that cluster", async () => {
    const secretAccessKey = "lambda-role-secret";
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: "ASIALAMBDA", AWS_SECRET_ACCESS_KEY: secretAccessKey });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    const url = await serve(shopCluster(), (token) => verifyEksToken(token, { clusterName: "prod", region: "eu-west-1", secretAccessKey }));
    const caData = KUBE_API_TEST_CA;
    const prod = rbacSourceForEks({ name: "prod", endpoint: url, caData, region: "eu-west-1" });
    expect((await prod.snapshot()).roleBindings).toHaveLength(2);
    const staging = rbacSourceForEks({ name: "staging", endpoint: url, caData, region: "eu-west-1" });
    await expect(staging.snapshot()).rejects.toThrow(/401|Unauthorized/);
  });

  it("verifies the API server's certificate against the configured CA", async () => {
    const url = await serve(shopCluster(), () => true);
    const otherCa = Buffer.from(OTHER_CA).toString("base64");
    const source = rbacSourceForEks({ name: "prod", endpoint: url, caData: otherCa, region: "eu-west-1" });
    await expect(source.snapshot()).rejects.toThrow(/certificate|self[- ]signed|verify/i);
  });
});
