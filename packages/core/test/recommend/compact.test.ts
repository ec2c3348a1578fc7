import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PolicyRule } from "../../src/rbac/model.ts";
import { ruleResource, type Atom } from "../../src/recommend/atoms.ts";
import { compactRules } from "../../src/recommend/compact.ts";
import { attrs, urlAttrs } from "./fixtures.ts";

/** An atom as one text, to compare sets of atoms. */
function atomKey(atom: Atom): string {
  return JSON.stringify([atom.resourceRequest, atom.namespace, atom.apiGroup, atom.resource, atom.subresource, atom.verb, atom.name, atom.path]);
}

/** Every atom a rule allows: the cross product of its lists, as the authorizer reads them. */
function expand(rule: PolicyRule): string[] {
  if (rule.nonResourceURLs) return rule.nonResourceURLs.flatMap((path) => rule.verbs.map((verb) => atomKey(urlAttrs(verb, path))));
  return (rule.apiGroups ?? []).flatMap((apiGroup) =>
    (rule.resources ?? []).flatMap((combined) => {
      const [resource, subresource = ""] = combined.split("/") as [string, string?];
      return rule.verbs.flatMap((verb) =>
        (rule.resourceNames ?? [""]).map((name) => atomKey(attrs({ apiGroup, resource, subresource, verb, name, namespace: "x" }))),
      );
    }),
  );
}

const atom: fc.Arbitrary<Atom> = fc.oneof(
  fc.record({
    apiGroup: fc.constantFrom("", "apps"),
    resource: fc.constantFrom("pods", "secrets", "deployments"),
    subresource: fc.constantFrom("", "", "log"),
    verb: fc.constantFrom("get", "list", "update", "delete"),
    name: fc.constantFrom("", "a", "b", "c"),
  }).map((a) => attrs({ ...a, namespace: "x" })),
  fc.record({ verb: fc.constantFrom("get", "post"), path: fc.constantFrom("/metrics", "/healthz", "/version") }).map((u) => urlAttrs(u.verb, u.path)),
);

/** What the atoms need: a named atom is subsumed by the unrestricted atom of the same verb and resource. */
function needed(atoms: Atom[]): Set<string> {
  const unrestricted = new Set(atoms.filter((a) => a.name === "").map((a) => atomKey(a)));
  return new Set(atoms.filter((a) => a.name === "" || !unrestricted.has(atomKey({ ...a, name: "" }))).map((a) => atomKey(a)));
}

describe("compaction", () => {
  it("produces rules whose union is exactly the atoms given, each atom once", () => {
    fc.assert(
      fc.property(fc.array(atom, { maxLength: 25 }), (atoms) => {
        const allowed = compactRules(atoms).flatMap(expand);
        expect(allowed.length).toBe(new Set(allowed).size);
        expect(new Set(allowed)).toEqual(needed(atoms));
      }),
      { numRuns: 500 },
    );
  });

  it("writes one apiGroup per rule and sorted lists", () => {
    const rules = compactRules([attrs({ verb: "list", resource: "services" }), attrs({ verb: "get", resource: "services" }), attrs({ verb: "get", resource: "pods" }), attrs({ verb: "list", resource: "pods" })]);
    expect(rules).toEqual([{ apiGroups: [""], resources: ["pods", "services"], verbs: ["get", "list"] }]);
    expect(ruleResource(attrs({ subresource: "log" }))).toBe("pods/log");
  });
});
