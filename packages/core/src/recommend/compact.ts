import type { PolicyRule } from "../rbac/model.ts";
import { ruleResource, type Atom } from "./atoms.ts";
import { sortByTuple, sortedText } from "./order.ts";

/**
 * Rules that allow exactly the given atoms of one scope: merging never lets a rule imply an atom that was
 * not given, because a rule is only formed from a full cross product (resources × verbs × names).
 */
export function compactRules(atoms: readonly Atom[]): PolicyRule[] {
  return [...resourceRules(atoms.filter((a) => a.resourceRequest)), ...urlRules(atoms.filter((a) => !a.resourceRequest))];
}

/** Values collected per key, with one representative item for the fields the key stands for. */
function collect<T>(items: readonly T[], keyOf: (item: T) => string, valueOf: (item: T) => string): { item: T; values: string[] }[] {
  const groups = new Map<string, { item: T; values: string[] }>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.values.push(valueOf(item));
    else groups.set(key, { item, values: [valueOf(item)] });
  }
  return [...groups.values()].map((g) => ({ item: g.item, values: sortedText(g.values) }));
}

/** An empty name list means any name: one unrestricted atom covers every named one. */
function nameRestriction(names: readonly string[]): string[] {
  return names.includes("") ? [] : sortedText(names);
}

interface NamedPermission {
  apiGroup: string;
  resource: string;
  verb: string;
  names: string[];
}

function resourceRules(atoms: readonly Atom[]): PolicyRule[] {
  const permissions: NamedPermission[] = collect(atoms, (a) => JSON.stringify([a.apiGroup, ruleResource(a), a.verb]), (a) => a.name).map(
    ({ item, values }) => ({ apiGroup: item.apiGroup, resource: ruleResource(item), verb: item.verb, names: nameRestriction(values) }),
  );
  const byVerbs = collect(permissions, (p) => JSON.stringify([p.apiGroup, p.resource, p.names]), (p) => p.verb).map(({ item, values }) => ({
    ...item,
    verbs: values,
  }));
  const rules = collect(byVerbs, (p) => JSON.stringify([p.apiGroup, p.verbs, p.names]), (p) => p.resource).map(({ item, values }) =>
    resourceRule(item.apiGroup, values, item.verbs, item.names),
  );
  return sortByTuple(rules, ruleOrder);
}

function resourceRule(apiGroup: string, resources: string[], verbs: string[], names: string[]): PolicyRule {
  return { apiGroups: [apiGroup], resources, ...(names.length > 0 ? { resourceNames: names } : {}), verbs };
}

function urlRules(atoms: readonly Atom[]): PolicyRule[] {
  const byPath = collect(atoms, (a) => a.path, (a) => a.verb).map(({ item, values }) => ({ path: item.path, verbs: values }));
  const rules = collect(byPath, (p) => JSON.stringify(p.verbs), (p) => p.path).map(({ item, values }) => ({
    nonResourceURLs: values,
    verbs: item.verbs,
  }));
  return sortByTuple(rules, ruleOrder);
}

function ruleOrder(rule: PolicyRule): string[] {
  return [
    JSON.stringify(rule.apiGroups ?? []),
    JSON.stringify(rule.resources ?? []),
    JSON.stringify(rule.nonResourceURLs ?? []),
    JSON.stringify(rule.resourceNames ?? []),
    JSON.stringify(rule.verbs),
  ];
}
