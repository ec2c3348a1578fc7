import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { createAuthorizer } from "../../src/rbac/evaluate.ts";
import type { Binding, RbacSnapshot, Role } from "../../src/rbac/model.ts";
import { parseRbacDocuments } from "../../src/rbac/schema.ts";
import { recommend } from "../../src/recommend/recommend.ts";
import type { Recommendation } from "../../src/recommend/schema.ts";
import { renderBundle, renderManifest } from "../../src/render/manifests.ts";
import type { SubjectUsage } from "../../src/usage/subject-usage.ts";
import { clusterRole, clusterRoleBinding, recommendationOf, roleBinding, sa, snapshotOf, urlAttrs, used, user, WINDOW } from "../recommend/fixtures.ts";

const EVERYTHING = clusterRole("everything", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }]);
const SNAPSHOT = snapshotOf(
  EVERYTHING,
  clusterRoleBinding("shop-admin", "everything", [sa("shop", "api")]),
  roleBinding("web", "web-admin", { kind: "ClusterRole", name: "everything" }, [sa("shop", "api"), user("alice")]),
);
const API_USAGE: SubjectUsage = {
  subject: { kind: "ServiceAccount", namespace: "shop", name: "api" },
  allowed: [
    used({ verb: "get", resource: "secrets", name: "db" }, { count: 40 }),
    used({ verb: "list", namespace: "web", apiGroup: "apps", resource: "deployments" }, { count: 2 }),
    { ...used({}, { count: 1 }), attrs: urlAttrs("get", "/metrics") },
  ],
  denied: [],
};

function recommendations(subjects: SubjectUsage[], snapshot: RbacSnapshot = SNAPSHOT): Recommendation[] {
  return recommend({ subjects, notAttributable: [] }, { snapshot, authorizer: createAuthorizer(snapshot), window: WINDOW }).recommendations;
}

const recs = recommendations([API_USAGE]);
const api = recommendationOf(recs, "ServiceAccount shop/api");
const manifest = renderManifest(api);
const header = manifest.split("\n---\n")[0]!;

describe("renderManifest", () => {
  it("parses back into valid RBAC objects: roles, and bindings of the subject to those roles", () => {
    const parsed = parseRbacDocuments(manifest, "manifest.yaml");
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ""}`.trim())).toEqual([
      "ClusterRole",
      "ClusterRoleBinding",
      "Role shop",
      "RoleBinding shop",
      "Role web",
      "RoleBinding web",
    ]);
    const roles = parsed.objects.filter((o): o is Role => o.kind === "Role" || o.kind === "ClusterRole");
    for (const binding of parsed.objects.filter((o): o is Binding => o.kind.endsWith("Binding"))) {
      expect(binding.apiVersion).toBe("rbac.authorization.k8s.io/v1");
      const target = roles.find((r) => r.kind === binding.roleRef.kind && r.metadata.name === binding.roleRef.name && r.metadata.namespace === binding.metadata.namespace);
      expect(target, binding.metadata.name).toBeDefined();
      expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "api", namespace: "shop" }]);
    }
    expect(roles.find((r) => r.metadata.namespace === "shop")!.rules).toEqual([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["db"], verbs: ["get"] }]);
  });

  it("grants through the parsed objects exactly what the subject used", () => {
    const applied = snapshotOf(...(parseRbacDocuments(manifest, "manifest.yaml").objects as Parameters<typeof snapshotOf>));
    const authorizer = createAuthorizer(applied);
    const asApi = { name: "system:serviceaccount:shop:api", groups: [] };
    for (const p of API_USAGE.allowed) expect(authorizer.allows(asApi, p.attrs)).toBe(true);
    expect(authorizer.allows(asApi, used({ verb: "get", resource: "secrets", name: "other" }).attrs)).toBe(false);
  });

  it("starts with a header naming the subject, window and evidence", () => {
    expect(header.split("\n").every((line) => line.startsWith("#"))).toBe(true);
    expect(header).toContain(`# rbac-recommender REPLACE_ROLE for ServiceAccount shop/api`);
    expect(header).toContain(`# recommendation: ${api.id}`);
    expect(header).toContain("# window: 2026-11-01T00:00:00.000Z/2026-12-01T00:00:00.000Z");
    expect(header).toContain("# evidence: 43 allowed requests (3 permissions); 0 denied permissions; 0 used permissions not held today");
  });

  it("states every removal with the command that does it: delete when no subject is left, else edit the subject out", () => {
    expect(header).toContain('# remove ServiceAccount shop/api from ClusterRoleBinding "shop-admin" (no subject left: delete it)');
    expect(header).toContain("#   kubectl delete clusterrolebinding 'shop-admin'");
    expect(header).toContain('# remove ServiceAccount shop/api from RoleBinding "web-admin" in namespace "web"');
    expect(header).toMatch(/#   kubectl get rolebinding 'web-admin' -n 'web' -o json \| jq '.*' \| kubectl replace -f -/);
  });

  it("is byte-identical for the same recommendation", () => {
    expect(renderManifest(structuredClone(api))).toBe(manifest);
  });
});

describe("untrusted names", () => {
  const evil = "mallory\n---\nkind: ClusterRoleBinding\n";
  const snapshot = snapshotOf(EVERYTHING, clusterRoleBinding("it's-shared", "everything", [user(evil), user("bob")]));
  const [rec] = recommendations([{ subject: { kind: "User", name: evil }, allowed: [used({ name: "web-1" })], denied: [] }], snapshot).filter((r) => r.subject.name === evil);
  const text = renderManifest(rec!);

  it("cannot inject YAML through the comment header", () => {
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(["Role", "RoleBinding"]);
    expect(docs[1].subjects).toEqual([{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: evil }]);
  });

  it("quotes names for the shell", () => {
    expect(text).toContain(`kubectl get clusterrolebinding 'it'\\''s-shared' -o json`);
  });

  it("quotes strings kubectl's YAML 1.1 parser would read as something else", () => {
    const [yes] = recommendations([{ subject: { kind: "Group", name: "yes" }, allowed: [used({ name: "on" })], denied: [] }], snapshotOf(EVERYTHING, clusterRoleBinding("g", "everything", [{ kind: "Group", name: "yes" }])));
    const docs = parseAllDocuments(renderManifest(yes!), { version: "1.1" }).map((d) => d.toJS());
    expect(docs[0].rules[0].resourceNames).toEqual(["on"]);
    expect(docs[1].subjects[0].name).toBe("yes");
  });
});

describe("the removal command", () => {
  const jq = (() => {
    try {
      execFileSync("jq", ["--version"]);
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!jq)("takes out exactly the entries that name the subject", () => {
    const binding = roleBinding("shop", "shared", { kind: "ClusterRole", name: "everything" }, [
      sa("shop", "api"),
      { kind: "ServiceAccount", name: "api" },
      user("system:serviceaccount:shop:api"),
      sa("web", "api"),
      user("api"),
    ]);
    const snapshot = snapshotOf(EVERYTHING, binding);
    const rec = recommendationOf(recommendations([], snapshot), "ServiceAccount shop/api");
    const command = renderManifest(rec).split("\n").find((l) => l.includes("| jq "))!;
    const program = parse(`x: ${command.slice(command.indexOf("| jq ") + 5, command.indexOf(" | kubectl replace"))}`.replaceAll(`'\\''`, "''")).x as string;
    const out = JSON.parse(execFileSync("jq", [program], { input: JSON.stringify(binding) }).toString());
    expect(out.subjects).toEqual([sa("web", "api"), user("api")]);
  });
});

describe("renderBundle", () => {
  const many = recommendations([API_USAGE, { subject: { kind: "User", name: "alice" }, allowed: [used({ namespace: "web", verb: "list" })], denied: [] }]);

  it("holds every recommendation, in the same bytes whatever order they come in", () => {
    const bundle = renderBundle(many);
    expect(renderBundle([...many].reverse())).toBe(bundle);
    for (const rec of many) expect(bundle).toContain(renderManifest(rec));
    expect(parseRbacDocuments(bundle, "all.yaml").errors).toEqual([]);
    expect(parseRbacDocuments(bundle, "all.yaml").objects).toHaveLength(many.reduce((n, r) => n + r.apply.length, 0));
  });
});
