import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRbacFiles } from "../../src/files/rbac-files.ts";
import { InputError } from "../../src/files/input-paths.ts";

const clusterRoleBindingYaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: storefront-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- kind: ServiceAccount
  name: storefront
  namespace: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
  namespace: shop
spec: {}
`;

const roleListJson = JSON.stringify({
  apiVersion: "v1",
  kind: "List",
  items: [{ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "reader", namespace: "shop" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }] }],
});

async function dir(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "rbac-rec-rbac-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(root, name, ".."), { recursive: true });
    await writeFile(join(root, name), text);
  }
  return root;
}

describe("readRbacFiles", () => {
  it("reads .yaml, .yml and .json files of a directory tree into one snapshot and skips other kinds", async () => {
    const root = await dir({ "cluster/bindings.yaml": clusterRoleBindingYaml, "ns/roles.json": roleListJson, "README.md": "# not RBAC: {{" });
    const result = await readRbacFiles([root]);
    expect(result.files).toBe(2);
    expect(result.ignored).toBe(1);
    expect(result.snapshot.clusterRoleBindings.map((b) => b.metadata.name)).toEqual(["storefront-admin"]);
    expect(result.snapshot.roles.map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual(["shop/reader"]);
  });

  it("rejects an invalid RBAC object with an error that names the file once", async () => {
    const root = await dir({ "bad.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: broken\n  namespace: shop\n" });
    const error = await readRbacFiles([root]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message.startsWith(`RBAC input ${join(root, "bad.yaml")}: `)).toBe(true);
    expect(message.split(join(root, "bad.yaml")).length).toBe(2);
    expect(message).not.toContain("\n");
  });

  it("names a missing RBAC path", async () => {
    const missing = join(tmpdir(), "rbac-rec-nope", "rbac.yaml");
    await expect(readRbacFiles([missing])).rejects.toThrow(`RBAC input ${missing}: no such file or directory`);
  });
});
