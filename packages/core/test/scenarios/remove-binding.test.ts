import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { renderManifest } from "../../src/render/manifests.ts";
import { expectSafe, jsonLines, mainFor, repeated, runScenario, yamlDocs } from "./harness.ts";

/**
 * A service account with a binding and no API call at all: remove the binding, stop mounting the token.
 * Another workload's traffic makes the window (2026-11-16 .. 2026-11-18).
 */
const RBAC = yamlDocs(
  `apiVersion: v1
kind: ServiceAccount
metadata: { name: exporter, namespace: batch, labels: { team: data } }`,
  `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: batch }
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]`,
  `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: exporter-reader, namespace: batch, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects:
- { kind: ServiceAccount, name: exporter, namespace: batch }`,
  `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: worker-view, namespace: batch, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
- { kind: ServiceAccount, name: worker, namespace: batch }`,
);

const LOG = jsonLines(
  repeated({ user: "sa:batch:worker", verb: "get", resource: "configmaps", namespace: "batch", name: "settings" }, [
    "2026-11-16T08:00:00Z",
    "2026-11-17T08:00:00Z",
    "2026-11-18T08:00:00Z",
  ]),
);

describe("REMOVE_BINDING: a service account with a binding and no request", () => {
  const scenario = runScenario(LOG, RBAC);
  const rec = mainFor(scenario.report, "ServiceAccount batch/exporter");

  it("removes its binding and nothing else, deleting the binding it leaves empty", () => {
    expect(rec.kind).toBe("REMOVE_BINDING");
    expect(rec.remove).toEqual([{ kind: "RoleBinding", name: "exporter-reader", namespace: "batch" }]);
    expect(rec.deleteBindings).toEqual([{ kind: "RoleBinding", name: "exporter-reader", namespace: "batch" }]);
    expect(rec.usage).toEqual({ requests: 0, permissions: [] });
    expect(scenario.report.recommendations.filter((r) => r.subject.name === "exporter")).toHaveLength(1);
  });

  it("takes its priority from what it loses: secrets read in an app namespace is HIGH, so P2", () => {
    expect(rec.priority).toBe("P2");
    expect(rec.severity).toBe("HIGH");
    expect(rec.insight?.removedRisks.map((r) => `${r.check}:${r.severity}`)).toEqual(["secrets-read:HIGH"]);
    expect(rec.insight?.flags.map((f) => f.code)).toEqual(["unused-token"]);
  });

  it("applies the ServiceAccount with automountServiceAccountToken: false, keeping its name and namespace", () => {
    expect(rec.apply).toHaveLength(1);
    expect(rec.apply[0]).toMatchObject({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "exporter", namespace: "batch" }, automountServiceAccountToken: false });
    expect(rec.summary).toContain("automountServiceAccountToken: false");
  });

  it("renders that ServiceAccount in the manifest, after a header naming the binding to delete", () => {
    const yaml = renderManifest(rec);
    const docs = parseAllDocuments(yaml).map((d) => d.toJS());
    expect(docs).toEqual([expect.objectContaining({ kind: "ServiceAccount", automountServiceAccountToken: false, metadata: expect.objectContaining({ name: "exporter", namespace: "batch" }) })]);
    expect(yaml).toContain('# remove ServiceAccount batch/exporter from RoleBinding "exporter-reader" in namespace "batch" (no subject left: delete it)');
    expect(yaml).toContain("kubectl delete rolebinding 'exporter-reader' -n 'batch'");
  });

  it("rolls back to the binding and the ServiceAccount as they were (token mounted, own labels)", () => {
    const sa = rec.rollback.find((o) => o.kind === "ServiceAccount");
    expect(sa).toMatchObject({ kind: "ServiceAccount", metadata: { name: "exporter", namespace: "batch", labels: { team: "data" } } });
    expect(sa).not.toHaveProperty("automountServiceAccountToken", false);
    expect(rec.rollback.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(["RoleBinding/exporter-reader", "ServiceAccount/exporter"]);
  });

  it("is safe: nothing observed breaks, nothing new is granted", () => {
    expectSafe(scenario);
  });
});

describe("REMOVE_BINDING: a service account that already does not mount its token", () => {
  const rbac = RBAC.replace("metadata: { name: exporter, namespace: batch, labels: { team: data } }", "metadata: { name: exporter, namespace: batch }\nautomountServiceAccountToken: false");
  const rec = mainFor(runScenario(LOG, rbac).report, "ServiceAccount batch/exporter");

  it("applies nothing: only the binding goes", () => {
    expect(rec.kind).toBe("REMOVE_BINDING");
    expect(rec.apply).toEqual([]);
    expect(rec.insight?.flags.map((f) => f.code)).toEqual([]);
  });
});

describe("REMOVE_BINDING from a binding shared with someone who uses it", () => {
  const rbac = yamlDocs(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-view, namespace: shop, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
- { kind: User, apiGroup: rbac.authorization.k8s.io, name: ann }
- { kind: User, apiGroup: rbac.authorization.k8s.io, name: ben }`);
  const log = jsonLines(repeated({ user: "ann", verb: "list", resource: "pods", namespace: "shop" }, ["2026-11-16T08:00:00Z", "2026-11-18T08:00:00Z"]));
  const scenario = runScenario(log, rbac);
  const ben = mainFor(scenario.report, "User ben");

  it("takes the unused user out of the binding without deleting it", () => {
    expect(ben.kind).toBe("REMOVE_BINDING");
    expect(ben.remove).toEqual([{ kind: "RoleBinding", name: "team-view", namespace: "shop" }]);
    expect(ben.deleteBindings).toEqual([]);
    const yaml = renderManifest(ben);
    expect(yaml).not.toContain("kubectl delete");
    expect(yaml).toContain(`# remove User ben from RoleBinding "team-view" in namespace "shop"\n#   kubectl get rolebinding 'team-view' -n 'shop' -o json | jq`);
  });

  it("rolls back to the binding with both subjects", () => {
    expect(ben.rollback).toEqual([expect.objectContaining({ kind: "RoleBinding", subjects: [expect.objectContaining({ name: "ann" }), expect.objectContaining({ name: "ben" })] })]);
  });

  it("is safe: ann keeps her access", () => {
    expectSafe(scenario);
  });
});

describe("REMOVE_BINDING: a service account with image pull secrets", () => {
  const rbac = RBAC.replace(
    "metadata: { name: exporter, namespace: batch, labels: { team: data } }",
    "metadata: { name: exporter, namespace: batch, labels: { team: data } }\nimagePullSecrets:\n- name: regcred\nsecrets:\n- name: exporter-token-abcde",
  );
  const rec = mainFor(runScenario(LOG, rbac).report, "ServiceAccount batch/exporter");

  it("still turns the token off", () => {
    expect(rec.apply).toEqual([expect.objectContaining({ kind: "ServiceAccount", automountServiceAccountToken: false })]);
  });

  it("keeps the account's imagePullSecrets in the rollback, as it was", () => {
    const sa = rec.rollback.find((o) => o.kind === "ServiceAccount");
    expect(sa).toMatchObject({ imagePullSecrets: [{ name: "regcred" }], secrets: [{ name: "exporter-token-abcde" }] });
  });
});
