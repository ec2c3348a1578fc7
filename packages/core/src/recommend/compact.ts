import type { PolicyRule } from "../rbac/model.ts";
import { ruleResource, type Atom } from "./atoms.ts";
import { groupByTexts, listText } from "./grouping.ts";
import { compareTuples, sortedText } from "./order.ts";

/**
 * Rules that allow exactly the given atoms of one scope: merging never lets a rule imply an atom that was
 * not given, because a rule is only formed from a full cross product (resources × verbs × names).
 */
export function compactRules(atoms: readonly Atom[]): PolicyRule[] {
  return [...resourceRules(atoms.filter((a) => a.resourceRequest)), ...urlRules(atoms.filter((a) => !a.resourceRequest))];
}

/** An empty name list means any name: one unrestricted atom covers every named one. */
function nameRestriction(names: readonly string[]): string[] {
  return names.includes("") ? [] : sortedText(names);
}

/** A rule and the texts it sorts by: its lists as JSON (apiGroups, resources, nonResourceURLs, resourceNames, verbs). */
interface OrderedRule {
  rule: PolicyRule;
  order: string[];
}

/** Rules in one order whatever order the atoms came in; each list's JSON is made once, while grouping. */
function inRuleOrder(rules: OrderedRule[]): PolicyRule[] {
  return rules.sort((a, b) => compareTuples(a.order, b.order)).map((r) => r.rule);
}

const NONE = "[]";

function resourceRules(atoms: readonly Atom[]): PolicyRule[] {
  // Names per verb and resource, then verbs per resource and names, then resources per verbs and names.
  const permissions = groupByTexts(atoms, 3, (a, key) => { key[0] = a.apiGroup; key[1] = ruleResource(a); key[2] = a.verb; }).map((group) => {
    const names = nameRestriction(group.map((a) => a.name));
    return { apiGroup: group[0]!.apiGroup, resource: ruleResource(group[0]!), verb: group[0]!.verb, names, namesText: listText(names) };
  });
  const byVerbs = groupByTexts(permissions, 3, (p, key) => { key[0] = p.apiGroup; key[1] = p.resource; key[2] = p.namesText; }).map((group) => {
    const { apiGroup, resource, names, namesText } = group[0]!;
    const verbs = sortedText(group.map((p) => p.verb));
    return { apiGroup, resource, names, namesText, verbs, verbsText: JSON.stringify(verbs) };
  });
  const rules = groupByTexts(byVerbs, 3, (p, key) => { key[0] = p.apiGroup; key[1] = p.verbsText; key[2] = p.namesText; }).map((group): OrderedRule => {
    const { apiGroup, verbs, verbsText, names, namesText } = group[0]!;
    const resources = sortedText(group.map((p) => p.resource));
    const rule = names.length > 0 ? { apiGroups: [apiGroup], resources, resourceNames: names, verbs } : { apiGroups: [apiGroup], resources, verbs };
    return { rule, order: [JSON.stringify(rule.apiGroups), JSON.stringify(resources), NONE, namesText || NONE, verbsText] };
  });
  return inRuleOrder(rules);
}

function urlRules(atoms: readonly Atom[]): PolicyRule[] {
  const byPath = groupByTexts(atoms, 1, (a, key) => (key[0] = a.path)).map((group) => {
    const verbs = sortedText(group.map((a) => a.verb));
    return { path: group[0]!.path, verbs, verbsText: JSON.stringify(verbs) };
  });
  const rules = groupByTexts(byPath, 1, (p, key) => (key[0] = p.verbsText)).map((group): OrderedRule => {
    const nonResourceURLs = sortedText(group.map((p) => p.path));
    return { rule: { nonResourceURLs, verbs: group[0]!.verbs }, order: [NONE, NONE, JSON.stringify(nonResourceURLs), NONE, group[0]!.verbsText] };
  });
  return inRuleOrder(rules);
}
