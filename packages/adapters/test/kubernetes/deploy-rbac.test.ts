import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSnapshot, createAuthorizer, parseRbacDocuments, type RequestAttributes } from "@rbac-recommender/core";
import { describe, expect, it } from "vitest";
import { rbacSourceFromKubeconfig } from "../../src/kubernetes/sources.ts";
import { KubeApiServer, kubeconfigYaml } from "../../../../test/servers/kube-api.ts";
import { shopCluster } from "../../../../test/setup/rbac-fixtures.ts";

const yamlPath = new URL("../../../../deploy/rbac-reader.yaml", import.meta.url);
const reader = { name: "arn:aws:sts::123456789012:assumed-role/nightly/fn", groups: ["rbac-recommender:readers", "system:authenticated"] };

const request = (verb: string, apiGroup: string, resource: string, namespace = ""): RequestAttributes => ({
  verb, resourceRequest: true, apiGroup, resource, subresource: "", namespace, name: "", path: "",
});

/** The list calls the RBAC source really makes, as (apiGroup, resource), recorded by the test API server. */
async function callsOfTheRbacSource(): Promise<Array<[string, string]>> {
  const server = new KubeApiServer({ fixtures: shopCluster(), authenticate: () => true });
  const dir = await mkdtemp(join(tmpdir(), "deploy-"));
  try {
    const url = await server.start();
    await writeFile(join(dir, "kubeconfig"), kubeconfigYaml(url, "t"));
    await rbacSourceFromKubeconfig(join(dir, "kubeconfig")).snapshot();
    return [...new Set(server.requests.map((r) => r.path))].map((path) => {
      const parts = path.split("/");
      return parts[1] === "api" ? ["", parts[3]!] : [parts[2]!, parts[4]!];
    });
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

describe("deploy/rbac-reader.yaml", async () => {
  const parsed = parseRbacDocuments(await readFile(yamlPath, "utf8"), "deploy/rbac-reader.yaml");
  const authorizer = createAuthorizer(buildSnapshot(parsed.objects));

  it("is a valid ClusterRole and ClusterRoleBinding", () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects.map((o) => o.kind)).toEqual(["ClusterRole", "ClusterRoleBinding"]);
  });

  it("allows every list call the RBAC source makes, cluster-wide", async () => {
    const calls = await callsOfTheRbacSource();
    expect(calls).toHaveLength(6);
    for (const [apiGroup, resource] of calls) {
      expect(authorizer.allows(reader, request("list", apiGroup, resource)), `list ${resource}`).toBe(true);
    }
  });

  it.each([
    ["get", "", "secrets"],
    ["list", "", "secrets"],
    ["watch", "", "secrets"],
    ["get", "", "configmaps"],
    ["create", "rbac.authorization.k8s.io", "rolebindings"],
    ["update", "rbac.authorization.k8s.io", "clusterroles"],
    ["delete", "", "serviceaccounts"],
    ["create", "", "serviceaccounts/token"],
    ["bind", "rbac.authorization.k8s.io", "clusterroles"],
    ["escalate", "rbac.authorization.k8s.io", "clusterroles"],
    ["impersonate", "", "users"],
  ])("denies %s %s/%s", (verb, apiGroup, resource) => {
    const [name, sub] = resource.split("/");
    expect(authorizer.allows(reader, { ...request(verb, apiGroup, name!, "shop"), subresource: sub ?? "" })).toBe(false);
  });
});
