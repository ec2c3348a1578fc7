import { describe, expect, it } from "vitest";
import type { Atom } from "../../src/recommend/atoms.ts";
import { limitResourceNames } from "../../src/recommend/names-limit.ts";

const atom = (apiGroup: string, resource: string, name: string, subresource = ""): Atom => ({
  verb: "get",
  resourceRequest: true,
  apiGroup,
  resource,
  subresource,
  namespace: "shop",
  name,
  path: "",
});
const holdsAll = () => true;
const holdsNothing = () => false;

describe("limitResourceNames", () => {
  it.each([
    ["a Deployment's pod", atom("", "pods", "storefront-7d9c5b8f6-x2x9k"), ""],
    ["a Deployment's pod, through pods/log", atom("", "pods", "payments-api-6c4d8b7d9-7hv2p", "log"), ""],
    ["a ReplicaSet", atom("apps", "replicasets", "storefront-7d9c5b8f6"), ""],
    ["a CronJob's job", atom("batch", "jobs", "backup-28374650"), ""],
    ["a StatefulSet's pod keeps its name", atom("", "pods", "web-1"), "web-1"],
    ["a secret keeps its name", atom("", "secrets", "db-7d9c5b8f6-x2x9k"), "db-7d9c5b8f6-x2x9k"],
  ])("%s", (_, given, expectedName) => {
    expect(limitResourceNames([given], 10, holdsAll).map((a) => a.name)).toEqual([expectedName]);
  });

  it("keeps a generated name when the subject does not hold the unrestricted permission (no new access)", () => {
    const pod = atom("", "pods", "storefront-7d9c5b8f6-x2x9k");
    expect(limitResourceNames([pod], 10, holdsNothing)).toEqual([pod]);
  });

  it("drops a list of more than maxResourceNames names, only if held", () => {
    const many = ["a", "b", "c"].map((n) => atom("", "configmaps", n));
    expect(limitResourceNames(many, 2, holdsAll).map((a) => a.name)).toEqual([""]);
    expect(limitResourceNames(many, 2, holdsNothing).map((a) => a.name)).toEqual(["a", "b", "c"]);
    expect(limitResourceNames(many, 3, holdsAll).map((a) => a.name)).toEqual(["a", "b", "c"]);
  });
});
