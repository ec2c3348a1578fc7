import { describe, expect, it } from "vitest";
import type { RecommendationException } from "../../src/insights/exceptions.ts";
import { renderManifest } from "../../src/render/manifests.ts";
import { event, expectSafe, jsonLines, mainFor, runScenario, yamlDocs, type EventSpec } from "./harness.ts";

/**
 * A window from 2026-11-10 to 2026-11-20 (a background workload lists pods every day at noon) and subjects
 * whose bindings were created at different times.
 */
const DAYS = Array.from({ length: 11 }, (_, i) => `2026-11-${String(10 + i).padStart(2, "0")}`);
const ticks = (days: readonly string[]): EventSpec[] => days.map((d) => ({ user: "sa:bg:ticker", verb: "list", resource: "pods", namespace: "bg", at: `${d}T12:00:00Z` }));

const rb = (ns: string, name: string, created: string, subject: string, role = "view") => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ${name}, namespace: ${ns}, creationTimestamp: "${created}" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
subjects:
- ${subject}`;
const user = (name: string) => `{ kind: User, apiGroup: rbac.authorization.k8s.io, name: ${name} }`;

const RBAC = yamlDocs(
  rb("bg", "ticker-view", "2025-01-01T00:00:00Z", "{ kind: ServiceAccount, name: ticker, namespace: bg }"),
  // newbie: one binding created inside the window (8 days before its end), one 4 days before its end
  rb("shop", "newbie-mid", "2026-11-12T00:00:00Z", user("newbie")),
  rb("staging", "newbie-fresh", "2026-11-16T09:00:00Z", user("newbie")),
  // latecomer: one binding, 3 days old at the window's end
  rb("shop", "latecomer-view", "2026-11-17T00:00:00Z", user("latecomer")),
  // old-timer: bound long before the window, never used
  rb("shop", "oldtimer-view", "2025-01-01T00:00:00Z", user("oldtimer")),
  rb("shop", "oldtimer-edit", "2025-01-01T00:00:00Z", user("oldtimer"), "edit"),
);

const run = (days: readonly string[], exceptions: RecommendationException[] = []) => runScenario(jsonLines(ticks(days).map(event)), RBAC, { exceptions });

describe("young bindings", () => {
  const scenario = run(DAYS);
  const rec = mainFor(scenario.report, "User newbie");

  it("judges a binding created inside the window only since its creation", () => {
    const mid = rec.insight!.bindings.find((b) => b.binding.name === "newbie-mid");
    expect(mid).toMatchObject({ young: true, createdAt: "2026-11-12T00:00:00.000Z", observedFrom: "2026-11-12T00:00:00.000Z", requests: 0 });
    expect(rec.insight!.flags.filter((f) => f.code === "young-binding").map((f) => f.message)).toEqual([
      "RoleBinding shop/newbie-mid was created on 2026-11-12, after the window began: judged only since then.",
      "RoleBinding staging/newbie-fresh was created on 2026-11-16, after the window began: judged only since then.",
    ]);
  });

  it("removes the binding older than 7 days at the window's end, keeps the newer one with the reason", () => {
    expect(rec.kind).toBe("REMOVE_BINDING");
    expect(rec.remove).toEqual([{ kind: "RoleBinding", name: "newbie-mid", namespace: "shop" }]);
    expect(rec.deleteBindings).toEqual([{ kind: "RoleBinding", name: "newbie-mid", namespace: "shop" }]);
    expect(rec.kept).toEqual([
      { binding: { kind: "RoleBinding", name: "newbie-fresh", namespace: "staging" }, reason: "created 2026-11-16, less than 7 days before the window's end: too new to judge" },
    ]);
    expect(rec.rollback.map((o) => o.metadata.name)).toEqual(["newbie-mid"]);
    expect(renderManifest(rec)).toContain('# kept: RoleBinding "newbie-fresh" in namespace "staging": created 2026-11-16, less than 7 days before the window\'s end: too new to judge');
  });

  it("removes nothing from a subject whose only binding is too new, and says why", () => {
    expect(scenario.report.recommendations.filter((r) => r.subject.name === "latecomer")).toEqual([]);
    const late = scenario.report.withheld?.find((w) => w.subject.name === "latecomer");
    expect(late?.kept.map((k) => k.binding.name)).toEqual(["latecomer-view"]);
    expect(late?.kept[0]?.reason).toMatch(/too new to judge/);
  });

  it("follows minBindingAgeDays: with 3 days, both go", () => {
    const s = runScenario(jsonLines(ticks(DAYS).map(event)), RBAC, { minBindingAgeDays: 3 });
    const r = mainFor(s.report, "User newbie");
    expect(r.remove.map((b) => b.name).sort()).toEqual(["newbie-fresh", "newbie-mid"]);
    expect(r.kept).toBeUndefined();
  });

  it("is safe", () => {
    expectSafe(scenario);
  });
});

describe("a day missing in the audit data", () => {
  const scenario = run(DAYS.filter((d) => d !== "2026-11-14"));
  const { report } = scenario;

  it("says the coverage is incomplete and names the day", () => {
    expect(report.coverage).toMatchObject({ complete: false, missingDays: ["2026-11-14"], observedDays: 10, stale: false });
    expect(report.coverage?.reasons).toEqual(["audit data missing for 1 day(s): 2026-11-14"]);
  });

  it("holds every recommendation that removes something, and only those", () => {
    const removing = report.recommendations.filter((r) => r.remove.length > 0);
    expect(removing.length).toBeGreaterThanOrEqual(3);
    for (const r of removing) expect(r.held, r.id).toEqual(["audit data missing for 1 day(s): 2026-11-14"]);
    for (const r of report.recommendations.filter((x) => x.remove.length === 0)) expect(r.held, r.id).toBeUndefined();
    expect(renderManifest(mainFor(report, "User oldtimer"))).toContain("# HELD: do not apply");
  });

  it("is safe", () => {
    expectSafe(scenario);
  });

  it("holds nothing when every day is there", () => {
    const full = run(DAYS).report;
    expect(full.coverage).toMatchObject({ complete: true, missingDays: [], observedDays: 11 });
    expect(full.recommendations.filter((r) => r.held)).toEqual([]);
  });
});

describe("a stale audit feed", () => {
  const scenario = runScenario(jsonLines(ticks(DAYS).map(event)), RBAC, { freshness: { now: Date.parse("2026-11-22T12:00:00Z"), maxSilenceHours: 24 } });
  const { report } = scenario;

  it("is safe", () => {
    expectSafe(scenario);
  });

  it("says the feed stopped and holds every removal", () => {
    expect(report.coverage).toMatchObject({ complete: false, stale: true, missingDays: [], reasons: ["no audit data for 48 h (limit 24 h)"] });
    const removing = report.recommendations.filter((r) => r.remove.length > 0);
    expect(removing.length).toBeGreaterThanOrEqual(3);
    for (const r of removing) expect(r.held, r.id).toEqual(["no audit data for 48 h (limit 24 h)"]);
  });
});

describe("the keep-list", () => {
  const oldtimer = { kind: "User" as const, name: "oldtimer" };
  const END = Date.parse("2026-11-20T12:00:00Z");

  it("withholds a subject while its exception is in force, and says who decided", () => {
    const { report } = run(DAYS, [{ subject: oldtimer, owner: "platform-team", reason: "break-glass account", expires: "2026-12-31T00:00:00Z" }]);
    expect(report.recommendations.filter((r) => r.subject.name === "oldtimer")).toEqual([]);
    expect(report.excepted).toEqual([
      { id: expect.any(String), subject: oldtimer, exception: { owner: "platform-team", reason: "break-glass account", expires: "2026-12-31T00:00:00Z" } },
    ]);
    expect(report.unchanged?.some((u) => u.subject.name === "oldtimer")).toBe(false);
  });

  it("brings the recommendation back once the exception has expired", () => {
    const { report } = run(DAYS, [{ subject: oldtimer, owner: "platform-team", reason: "break-glass account", expires: new Date(END - 1000).toISOString() }]);
    expect(report.excepted).toBeUndefined();
    expect(mainFor(report, "User oldtimer")).toMatchObject({ kind: "REMOVE_BINDING", remove: [{ name: "oldtimer-edit" }, { name: "oldtimer-view" }] });
  });

  it("keeps an excepted binding in place and removes the rest", () => {
    const binding = { kind: "RoleBinding" as const, name: "oldtimer-edit", namespace: "shop" };
    const scenario = run(DAYS, [{ binding, owner: "shop-team", reason: "on-call" }]);
    const rec = mainFor(scenario.report, "User oldtimer");
    expect(rec.remove).toEqual([{ kind: "RoleBinding", name: "oldtimer-view", namespace: "shop" }]);
    expect(rec.kept).toEqual([{ binding, reason: "on the keep-list (owner shop-team: on-call)" }]);
    expect(rec.rollback.map((o) => o.metadata.name)).toEqual(["oldtimer-view"]);
    expectSafe(scenario);
  });

  // Risks are weighed after the safeguards: a kept binding's risks are not claimed as removed.
  it("claims only the risks of the bindings it still removes", () => {
    const binding = { kind: "RoleBinding" as const, name: "oldtimer-edit", namespace: "shop" };
    const rec = mainFor(run(DAYS, [{ binding, owner: "shop-team", reason: "on-call" }]).report, "User oldtimer");
    // edit (kept) grants secrets read and workload writes; view (removed) neither
    expect(rec.insight?.removedRisks.map((r) => r.check)).not.toContain("secrets-read");
    expect(rec.severity).not.toBe("HIGH");
  });

  it("withholds a change whose every removal is kept, and says which bindings and why", () => {
    const edit = { kind: "RoleBinding" as const, name: "oldtimer-edit", namespace: "shop" };
    const view = { kind: "RoleBinding" as const, name: "oldtimer-view", namespace: "shop" };
    const { report } = run(DAYS, [
      { binding: edit, owner: "shop-team", reason: "on-call" },
      { binding: view, owner: "shop-team", reason: "on-call" },
    ]);
    expect(report.recommendations.filter((r) => r.subject.name === "oldtimer")).toEqual([]);
    expect(report.withheld?.find((w) => w.subject.name === "oldtimer")?.kept).toEqual([
      { binding: edit, reason: "on the keep-list (owner shop-team: on-call)" },
      { binding: view, reason: "on the keep-list (owner shop-team: on-call)" },
    ]);
  });
});

describe("safeguards on rule drops", () => {
  const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: api-role, namespace: shop }
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]`;
  const binding = (created: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: api-binding, namespace: shop, creationTimestamp: "${created}" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: api-role }
subjects:
- { kind: ServiceAccount, name: api, namespace: shop }`;
  const log = jsonLines(DAYS.map((d) => event({ user: "sa:shop:api", verb: "get", resource: "configmaps", namespace: "shop", name: "c", at: `${d}T10:00:00Z` })));
  const drops = (created: string, exceptions: RecommendationException[] = []) =>
    runScenario(log, yamlDocs(ROLE, binding(created)), { exceptions }).report.recommendations.filter((r) => r.kind === "DROP_RULES");

  it("offers DROP_RULES for an old binding (the control case), safely", () => {
    expect(drops("2025-01-01T00:00:00Z").map((r) => r.summary)).toEqual(['Keep Role "api-role" but drop 1 of 2 rules never used through RoleBinding "shop/api-binding".']);
    expectSafe(runScenario(log, yamlDocs(ROLE, binding("2025-01-01T00:00:00Z"))));
  });

  it("does not drop the rules of a binding too new to judge", () => {
    expect(drops("2026-11-18T00:00:00Z")).toEqual([]);
  });

  // Same cause: `held` is only set when `remove` is not empty, but dropping rules takes access away just the same.
  it("holds a rule drop when a day of audit data is missing", () => {
    const gap = jsonLines(DAYS.filter((d) => d !== "2026-11-14").map((d) => event({ user: "sa:shop:api", verb: "get", resource: "configmaps", namespace: "shop", name: "c", at: `${d}T10:00:00Z` })));
    const { report } = runScenario(gap, yamlDocs(ROLE, binding("2025-01-01T00:00:00Z")));
    expect(report.coverage?.complete).toBe(false);
    const [drop] = report.recommendations.filter((r) => r.kind === "DROP_RULES");
    expect(drop?.held).toEqual(["audit data missing for 1 day(s): 2026-11-14"]);
  });

  it("does not drop the rules of a binding on the keep-list", () => {
    expect(drops("2025-01-01T00:00:00Z", [{ binding: { kind: "RoleBinding", name: "api-binding", namespace: "shop" }, owner: "shop-team", reason: "on-call" }])).toEqual([]);
  });
});

describe("safeguards on the token change", () => {
  const rbac = `${RBAC}---
apiVersion: v1
kind: ServiceAccount
metadata: { name: fresh, namespace: shop }
---
${rb("shop", "fresh-view", "2026-11-19T00:00:00Z", "{ kind: ServiceAccount, name: fresh, namespace: shop }")}
`;
  const { report } = runScenario(jsonLines(ticks(DAYS).map(event)), rbac);

  it("withholds the change to an account whose only binding was created the day before the window's end", () => {
    expect(report.recommendations.filter((r) => r.subject.name === "fresh")).toEqual([]);
    expect(report.withheld?.find((w) => w.subject.name === "fresh")?.kept.map((k) => k.binding.name)).toEqual(["fresh-view"]);
  });

  it("so does not turn off the token of an account whose bindings are all too new to judge", () => {
    const applied = report.recommendations.flatMap((r) => r.apply).filter((o) => o.kind === "ServiceAccount");
    expect(applied.map((o) => o.metadata.name)).not.toContain("fresh");
  });
});
