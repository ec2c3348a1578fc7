import { describe, expect, it } from "vitest";
import {
  apiGroupMatches,
  nonResourceURLMatches,
  resourceMatches,
  resourceNameMatches,
  ruleAllows,
  verbMatches,
} from "../../src/rbac/evaluate.ts";
import type { PolicyRule } from "../../src/rbac/model.ts";
import { nonResource, request } from "./build.ts";

describe("verbMatches", () => {
  it.each([
    { verbs: ["*"], verb: "get", want: true },
    { verbs: ["list", "*"], verb: "delete", want: true },
    { verbs: ["get"], verb: "get", want: true },
    { verbs: ["get"], verb: "list", want: false },
    { verbs: ["GET"], verb: "get", want: false },
    { verbs: [], verb: "get", want: false },
  ])("$verbs allows $verb: $want", ({ verbs, verb, want }) => {
    expect(verbMatches({ verbs }, verb)).toBe(want);
  });
});

describe("apiGroupMatches", () => {
  it.each([
    { apiGroups: ["*"], group: "apps", want: true },
    { apiGroups: [""], group: "", want: true },
    { apiGroups: [""], group: "apps", want: false },
    { apiGroups: ["apps"], group: "", want: false },
    { apiGroups: ["batch", "apps"], group: "apps", want: true },
    { apiGroups: undefined, group: "", want: false },
  ])("$apiGroups covers group '$group': $want", ({ apiGroups, group, want }) => {
    expect(apiGroupMatches({ verbs: ["*"], apiGroups }, group)).toBe(want);
  });
});

describe("resourceMatches", () => {
  it.each([
    { name: "star matches a resource", resources: ["*"], combined: "foo", sub: "", want: true },
    { name: "star matches a subresource", resources: ["*"], combined: "foo/bar", sub: "bar", want: true },
    { name: "every entry is checked", resources: ["doesn't match", "*"], combined: "foo", sub: "", want: true },
    { name: "exact resource/subresource", resources: ["foo/bar"], combined: "foo/bar", sub: "bar", want: true },
    { name: "a subresource rule does not grant the resource", resources: ["foo/bar"], combined: "foo", sub: "", want: false },
    { name: "a resource rule does not grant its subresources", resources: ["pods"], combined: "pods/exec", sub: "exec", want: false },
    { name: "*/subresource matches it on any resource", resources: ["*/scale"], combined: "foo/scale", sub: "scale", want: true },
    { name: "every */subresource entry is checked", resources: ["*/nope", "*/scale"], combined: "foo/scale", sub: "scale", want: true },
    { name: "*/subresource needs a subresource", resources: ["*/scale"], combined: "scale", sub: "", want: false },
    { name: "*/subresource needs that exact subresource", resources: ["*/scale"], combined: "foo/rescale", sub: "rescale", want: false },
    { name: "resource/* is not a wildcard", resources: ["pods/*"], combined: "pods/exec", sub: "exec", want: false },
    { name: "*/ alone matches nothing", resources: ["*/"], combined: "foo", sub: "", want: false },
  ])("$name", ({ resources, combined, sub, want }) => {
    expect(resourceMatches({ verbs: ["*"], resources }, combined, sub)).toBe(want);
  });
});

describe("resourceNameMatches", () => {
  it.each([
    { name: "no resourceNames: any name", resourceNames: undefined, requested: "foo", want: true },
    { name: "empty resourceNames: any name", resourceNames: [], requested: "foo", want: true },
    { name: "empty resourceNames: no name", resourceNames: [], requested: "", want: true },
    { name: "listed name", resourceNames: ["bar", "foo"], requested: "foo", want: true },
    { name: "unlisted name", resourceNames: ["bar"], requested: "foo", want: false },
    { name: "names never match a nameless request (list, create)", resourceNames: ["foo"], requested: "", want: false },
  ])("$name", ({ resourceNames, requested, want }) => {
    expect(resourceNameMatches({ verbs: ["*"], resourceNames }, requested)).toBe(want);
  });
});

describe("nonResourceURLMatches", () => {
  it.each([
    { name: "star matches every path", urls: ["*"], path: "/anything", want: true },
    { name: "exact path", urls: ["/healthz"], path: "/healthz", want: true },
    { name: "exact path only", urls: ["/healthz"], path: "/healthz/etcd", want: false },
    { name: "prefix", urls: ["/apis/*"], path: "/apis/apps/v1", want: true },
    { name: "prefix matches right after the slash", urls: ["/apis/*"], path: "/apis/", want: true },
    { name: "prefix does not match the bare parent", urls: ["/apis/*"], path: "/apis", want: false },
    { name: "prefix without a slash", urls: ["/api*"], path: "/apis", want: true },
    { name: "every entry is checked", urls: ["/version", "/metrics"], path: "/metrics", want: true },
    { name: "no URLs", urls: undefined, path: "/healthz", want: false },
  ])("$name", ({ urls, path, want }) => {
    expect(nonResourceURLMatches({ verbs: ["get"], nonResourceURLs: urls }, path)).toBe(want);
  });
});

describe("ruleAllows", () => {
  const podReader: PolicyRule = { verbs: ["get", "list"], apiGroups: [""], resources: ["pods", "pods/log"] };
  const named: PolicyRule = { verbs: ["get", "update"], apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"] };
  const health: PolicyRule = { verbs: ["get"], nonResourceURLs: ["/healthz", "/livez/*"] };

  it.each([
    { name: "verb, group and resource match", rule: podReader, attrs: request("list", "pods"), want: true },
    { name: "subresource listed", rule: podReader, attrs: request("get", "pods/log", { name: "p" }), want: true },
    { name: "subresource not listed", rule: podReader, attrs: request("create", "pods/exec", { name: "p" }), want: false },
    { name: "wrong verb", rule: podReader, attrs: request("delete", "pods", { name: "p" }), want: false },
    { name: "wrong group", rule: podReader, attrs: request("get", "pods", { apiGroup: "metrics.k8s.io" }), want: false },
    { name: "named object", rule: named, attrs: request("update", "deployments", { apiGroup: "apps", name: "web" }), want: true },
    { name: "other object", rule: named, attrs: request("update", "deployments", { apiGroup: "apps", name: "db" }), want: false },
    { name: "non-resource path", rule: health, attrs: nonResource("get", "/livez/etcd"), want: true },
    { name: "a resource rule never grants a path", rule: podReader, attrs: nonResource("get", "/pods"), want: false },
    { name: "a path rule never grants a resource", rule: health, attrs: request("get", "healthz"), want: false },
  ])("$name", ({ rule, attrs, want }) => {
    expect(ruleAllows(attrs, rule)).toBe(want);
  });
});
