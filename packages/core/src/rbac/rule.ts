import type { RequestAttributes } from "../audit/request.ts";
import type { PolicyRule } from "./model.ts";

/**
 * Whether one PolicyRule covers a request, predicate by predicate, exactly as
 * k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go and rbac.go RuleAllows decide it.
 * An absent list behaves like an empty one: it matches nothing (except resourceNames).
 */

const ALL = "*";

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, apiGroup: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === ALL || g === apiGroup);
}

/** `combined` is `resource` or `resource/subresource`; `*\/sub` matches that subresource of any resource. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return (rule.resources ?? []).some(
    (r) =>
      r === ALL ||
      r === combined ||
      (subresource !== "" && r.length === subresource.length + 2 && r.startsWith("*/") && r.endsWith(subresource)),
  );
}

/** An empty (or absent) resourceNames list does not restrict names at all. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** `*` matches every path; a trailing `*` makes the rest a prefix (`/apis/*` matches `/apis/` but not `/apis`). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (u) => u === ALL || u === path || (u.endsWith(ALL) && path.startsWith(trimTrailingStars(u))),
  );
}

function trimTrailingStars(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === ALL) end--;
  return s.slice(0, end);
}

export function combinedResource(attrs: Pick<RequestAttributes, "resource" | "subresource">): string {
  return attrs.subresource === "" ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
}

export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (!attrs.resourceRequest) return nonResourceURLMatches(rule, attrs.path);
  return (
    apiGroupMatches(rule, attrs.apiGroup) &&
    resourceMatches(rule, combinedResource(attrs), attrs.subresource) &&
    resourceNameMatches(rule, attrs.name)
  );
}
