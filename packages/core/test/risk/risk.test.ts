import { describe, expect, it } from "vitest";
import type { PolicyRule } from "../../src/rbac/model.ts";
import { amplifyForEveryone, assessRule, worstFinding } from "../../src/risk/risk.ts";

const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule => ({
  apiGroups,
  resources,
  verbs,
  ...(resourceNames ? { resourceNames } : {}),
});

const CLUSTER = { namespace: "" };
const KUBE_SYSTEM = { namespace: "kube-system" };
const APP = { namespace: "shop" };

describe("assessRule", () => {
  const table: Array<[string, PolicyRule, { namespace: string }, string, string | undefined]> = [
    ["cluster-admin cluster-wide", rule(["*"], ["*"], ["*"]), CLUSTER, "cluster-admin", "CRITICAL"],
    ["cluster-admin in an app namespace", rule(["*"], ["*"], ["*"]), APP, "cluster-admin", "HIGH"],
    ["secrets list cluster-wide", rule([""], ["secrets"], ["list"]), CLUSTER, "secrets-read", "CRITICAL"],
    ["secrets get in an app namespace", rule([""], ["secrets"], ["get"]), APP, "secrets-read", "HIGH"],
    ["one named secret", rule([""], ["secrets"], ["get"], ["db"]), APP, "secrets-read", "LOW"],
    ["secrets through a resource wildcard", rule([""], ["*"], ["watch"]), APP, "secrets-read", "HIGH"],
    ["configmaps only", rule([""], ["configmaps"], ["get", "list"]), CLUSTER, "secrets-read", undefined],
    ["escalate stays critical in a namespace", rule(["rbac.authorization.k8s.io"], ["roles"], ["escalate"]), APP, "escalate", "CRITICAL"],
    ["bind on one named role stays critical", rule(["rbac.authorization.k8s.io"], ["clusterroles"], ["bind"], ["cluster-admin"]), APP, "bind", "CRITICAL"],
    ["impersonate groups", rule([""], ["groups"], ["impersonate"]), APP, "impersonate", "CRITICAL"],
    ["nodes/proxy get", rule([""], ["nodes/proxy"], ["get"]), CLUSTER, "nodes-proxy", "CRITICAL"],
    ["*/proxy covers nodes/proxy", rule([""], ["*/proxy"], ["get"]), CLUSTER, "nodes-proxy", "CRITICAL"],
    ["pods/exec by get (websocket)", rule([""], ["pods/exec"], ["get"]), APP, "pods-exec", "MEDIUM"],
    ["pods/exec create cluster-wide", rule([""], ["pods/exec"], ["create"]), CLUSTER, "pods-exec", "HIGH"],
    ["token request in kube-system", rule([""], ["serviceaccounts/token"], ["create"]), KUBE_SYSTEM, "token-request", "CRITICAL"],
    ["deployments in kube-system", rule(["apps"], ["deployments"], ["create"]), KUBE_SYSTEM, "workload-create-privileged", "CRITICAL"],
    ["deployments in an app namespace are not privileged", rule(["apps"], ["deployments"], ["create"]), APP, "workload-create-privileged", undefined],
    ["deployments in an app namespace", rule(["apps"], ["deployments"], ["patch"]), APP, "workload-create", "MEDIUM"],
    ["webhook configuration writes", rule(["admissionregistration.k8s.io"], ["mutatingwebhookconfigurations"], ["patch"]), CLUSTER, "webhook-config", "HIGH"],
    ["CSR approval", rule(["certificates.k8s.io"], ["certificatesigningrequests/approval"], ["update"]), CLUSTER, "csr-approval", "CRITICAL"],
    ["verb wildcard on pods", rule([""], ["pods"], ["*"]), APP, "wildcard", "MEDIUM"],
    ["reading pods is not risky", rule([""], ["pods"], ["get", "list", "watch"]), CLUSTER, "wildcard", undefined],
  ];
  it.each(table)("%s", (_, r, scope, check, expected) => {
    const finding = assessRule(r, scope).find((f) => f.check === check);
    expect(finding?.severity).toBe(expected);
  });

  it("a rule with no risk has no findings", () => {
    expect(assessRule(rule(["apps"], ["deployments"], ["get", "list"]), CLUSTER)).toEqual([]);
  });

  it("the worst finding of cluster-admin is critical and it is not double-counted as a plain wildcard", () => {
    const findings = assessRule(rule(["*"], ["*"], ["*"]), CLUSTER);
    expect(worstFinding(findings)).toBe("CRITICAL");
    expect(findings.map((f) => f.check)).not.toContain("wildcard");
  });
});

describe("amplifyForEveryone", () => {
  const low = [{ check: "pods-log", title: "t", severity: "LOW" as const }];
  it.each([
    ["system:anonymous", "CRITICAL"],
    ["system:unauthenticated", "CRITICAL"],
    ["system:authenticated", "HIGH"],
    ["devs", "LOW"],
  ])("%s", (group, expected) => {
    expect(amplifyForEveryone(low, group)[0]?.severity).toBe(expected);
  });
});
