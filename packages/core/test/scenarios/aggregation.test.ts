import { describe, expect, it } from "vitest";
import { alternativesFor, event, expectSafe, jsonLines, mainFor, rulesOf, runScenario, type EventSpec } from "./harness.ts";

/**
 * A custom ClusterRole that is also aggregated into `view` (label aggregate-to-view), bound to one service
 * account. Its rules are not only that binding's: everyone holding `view` holds them too.
 */
const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: view, labels: { kubernetes.io/bootstrapping: rbac-defaults } }
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: { rbac.authorization.k8s.io/aggregate-to-view: "true" }
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: crd-reader, labels: { rbac.authorization.k8s.io/aggregate-to-view: "true" } }
rules:
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors"]
  verbs: ["get", "list"]
- apiGroups: ["example.com"]
  resources: ["widgets"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: scraper-crds, namespace: monitoring, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: crd-reader }
subjects:
- { kind: ServiceAccount, name: scraper, namespace: monitoring }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: dana-view, namespace: monitoring, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
- { kind: User, apiGroup: rbac.authorization.k8s.io, name: dana }
`;

const EVENTS: EventSpec[] = [
  { user: "sa:monitoring:scraper", verb: "list", resource: "servicemonitors", apiGroup: "monitoring.coreos.com", namespace: "monitoring", at: "2026-11-16T10:00:00Z" },
  { user: "dana", verb: "get", resource: "widgets", apiGroup: "example.com", namespace: "monitoring", name: "w1", at: "2026-11-17T10:00:00Z" },
];

describe("a role aggregated into view is not the binding's own to edit", () => {
  const scenario = runScenario(jsonLines(EVENTS.map(event)), RBAC);

  it("the scraper's main recommendation replaces its binding with what it used", () => {
    const main = mainFor(scenario.report, "ServiceAccount monitoring/scraper");
    expect(main.kind).toBe("REPLACE_ROLE");
    expect(rulesOf(main.apply.find((o) => o.kind === "Role"))).toEqual([{ apiGroups: ["monitoring.coreos.com"], resources: ["servicemonitors"], verbs: ["list"] }]);
  });

  it("offers no DROP_RULES that would also shrink view for everyone else", () => {
    expect(alternativesFor(scenario.report, "ServiceAccount monitoring/scraper").filter((r) => r.kind === "DROP_RULES")).toEqual([]);
    expectSafe(scenario);
  });
});
