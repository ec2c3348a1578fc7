import type { RequestAttributes } from "../audit/request.ts";
import type { PolicyRule } from "./model.ts";

/**
 * Whether one PolicyRule covers a request, predicate by predicate, exactly as
 * k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go and rbac.go RuleAllows decide it.
 * An absent list behaves like an empty one: it matches nothing (except resourceNames).
 */

const ALL = "*";
const NONE: readonly string[] = [];

// Loops rather than `some` with a closure: the analysis evaluates ~10^6 rules against requests.

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs) if (v === ALL || v === verb) return true;
  return false;
}

export function apiGroupMatches(rule: PolicyRule, apiGroup: string): boolean {
  for (const g of rule.apiGroups ?? NONE) if (g === ALL || g === apiGroup) return true;
  return false;
}

/** `combined` is `resource` or `resource/subresource`; `*\/sub` matches that subresource of any resource. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? NONE) if (r === ALL || r === combined || matchesAnySubresource(r, subresource)) return true;
  return false;
}

/** As `resourceMatches` for a request's resource and subresource, without joining them. */
function requestResourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  for (const r of rule.resources ?? NONE) {
    if (r === ALL || matchesAnySubresource(r, subresource)) return true;
    if (subresource === "" ? r === resource : isJoined(r, resource, subresource)) return true;
  }
  return false;
}

/** `r` is `*\/subresource`. */
function matchesAnySubresource(r: string, subresource: string): boolean {
  return subresource !== "" && r.length === subresource.length + 2 && r.startsWith("*/") && r.endsWith(subresource);
}

/** `r` is `resource/subresource`. */
function isJoined(r: string, resource: string, subresource: string): boolean {
  return r.length === resource.length + 1 + subresource.length && r.startsWith(resource) && r.charCodeAt(resource.length) === 47 && r.endsWith(subresource);
}

/** An empty (or absent) resourceNames list does not restrict names at all. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** `*` matches every path; a trailing `*` makes the rest a prefix (`/apis/*` matches `/apis/` but not `/apis`). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? NONE) if (u === ALL || u === path || (u.endsWith(ALL) && path.startsWith(trimTrailingStars(u)))) return true;
  return false;
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
  return ruleAllowsAnyName(attrs, rule) && (!attrs.resourceRequest || resourceNameMatches(rule, attrs.name));
}

/** As `ruleAllows` with the rule's resourceNames left out: whether it allows the request on some object. */
export function ruleAllowsAnyName(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (!attrs.resourceRequest) return nonResourceURLMatches(rule, attrs.path);
  return apiGroupMatches(rule, attrs.apiGroup) && requestResourceMatches(rule, attrs.resource, attrs.subresource);
}
