import type { LabelSelector, LabelSelectorRequirement } from "./model.ts";

type Labels = Readonly<Record<string, string>> | undefined;

/**
 * Whether labels satisfy a selector, as metav1.LabelSelectorAsSelector builds it: an empty selector
 * matches everything, all requirements must hold, and NotIn/DoesNotExist hold for an absent key.
 */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  return (
    matchLabels.every(([key, value]) => has(labels, key) && labels![key] === value) &&
    (selector.matchExpressions ?? []).every((req) => requirementMatches(req, labels))
  );
}

export function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const present = has(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return present && values.includes(labels![req.key]!);
    case "NotIn":
      return !present || !values.includes(labels![req.key]!);
    case "Exists":
      return present;
    case "DoesNotExist":
      return !present;
    default:
      return false;
  }
}

/**
 * The API server rejects these selectors, and the aggregation controller gives up on a role that has one;
 * callers leave such a role as it was read.
 */
export function selectorIsValid(selector: LabelSelector): boolean {
  return (selector.matchExpressions ?? []).every((req) => {
    const count = req.values?.length ?? 0;
    return req.operator === "In" || req.operator === "NotIn" ? count > 0 : count === 0;
  });
}

function has(labels: Labels, key: string): boolean {
  return labels !== undefined && Object.hasOwn(labels, key);
}
