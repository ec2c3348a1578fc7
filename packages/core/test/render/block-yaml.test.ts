import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { blockYaml, YAML_OPTIONS } from "../../src/render/block-yaml.ts";

/** Texts a manifest may hold, and those YAML reads as something else: numbers, 1.1 booleans, indicators, spaces. */
const text = fc.oneof(
  fc.constantFrom("", "e5", "E10", "get", "pods/log", "Group team:api", "rbac-recommender 0.1.0", "400", "0755", "1:30", "yes", "No", "ON", "y", "~",
    "null", "NaN", ".inf", "2024-05-01T08:00:00.000Z", "2024-05-01T08:00:00.000Z/2024-05-02T00:00:00.000Z", "a: b", "a:", "a #b", "a#b",
    "-", "--", "---", "- a", "? a", "*a", "&a", "!a", "%a", "@a", "`a", "a ", " a", "a  b", "é", "a\tb", "a\"b", "a'b", "[a", "{a", "a,b",
    "=a", "<<", "line\nbreak", "_x", "kubernetes.io/bootstrapping", "system:serviceaccount:kube-system:x"),
  fc.string({ unit: fc.constantFrom("a", "Z", "0", "9", ":", " ", "-", ".", "/", "#", "'", '"', "_", "@", "=", "+", "é", "\t", "?", "*", "!", "~", ",") }),
  fc.string(),
);
/** Keys as manifests have them (the emitter leaves maps with other keys to the library), now and then not. */
const key = fc.oneof({ weight: 30, arbitrary: fc.stringMatching(/^[a-zA-Z][\w./-]{0,10}(?::[\w./-]{1,5})?$/) }, { weight: 1, arbitrary: text });
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.constantFrom(0, -0, 1.5, NaN, -Infinity), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("node"), { maxLength: 4 }),
  map: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
})).node;

/** Maps with plain keys only, as manifests have: the emitter writes all of them itself. */
const plainKey = fc.stringMatching(/^[a-zA-Z][\w./-]{0,10}(?::[\w./-]{1,5})?$/).filter((k) => !/^(?:[yYnN]|yes|no|on|off|true|false|null|[eE]\d+)$/i.test(k));
const manifestLike = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("node"), { maxLength: 4 }),
  map: fc.dictionary(plainKey, tie("node"), { maxKeys: 4 }),
})).node;

describe("block YAML", () => {
  it("writes maps with plain keys itself, as the yaml library does", () => {
    let written = 0;
    fc.assert(
      fc.property(fc.dictionary(plainKey, manifestLike, { minKeys: 1, maxKeys: 6 }), (object) => {
        const text = blockYaml(object);
        if (text !== undefined) written++;
        if (text !== undefined) expect(text).toBe(stringify(object, YAML_OPTIONS));
      }),
      { numRuns: Number(process.env.RUNS ?? 3000) },
    );
    // Only texts over several lines go to the library here.
    expect(written).toBeGreaterThan(Number(process.env.RUNS ?? 3000) * 0.8);
  });


  it("is the yaml library's text for any plain data it writes", () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), (object) => {
        const written = blockYaml(object);
        if (written !== undefined) expect(written).toBe(stringify(object, YAML_OPTIONS));
      }),
      { numRuns: Number(process.env.RUNS ?? 3000) },
    );
  });

  it("writes a generated Role itself: the library is only asked for scalars it quotes", () => {
    const role = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: {
        name: "rbac-recommender:group:team:api",
        namespace: "team-api-dev",
        labels: { "app.kubernetes.io/managed-by": "rbac-recommender" },
        annotations: { "rbac-recommender.io/window": "2024-05-01T08:00:00.000Z/2024-05-01T09:06:39.988Z", "rbac-recommender.io/requests": "400" },
      },
      rules: [
        { apiGroups: [""], resources: ["configmaps", "pods/log"], verbs: ["get", "list"] },
        { apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web", "yes"], verbs: ["patch"] },
        { nonResourceURLs: ["/metrics"], verbs: ["get"] },
      ],
    };
    expect(blockYaml(role)).toBe(stringify(role, YAML_OPTIONS));
    expect(blockYaml(role)).toContain('  - apiGroups:\n      - ""\n    resources:\n      - configmaps\n');
  });

  it("leaves what it does not write to the library: texts over several lines, values that are not plain data", () => {
    expect(blockYaml({ note: "two\nlines" })).toBeUndefined();
    expect(blockYaml({ at: new Date(0) })).toBeUndefined();
    expect(blockYaml({ missing: undefined })).toBeUndefined();
    expect(blockYaml({})).toBeUndefined();
  });
});
