import { describeSubject, type Priority, type Recommendation, type Severity } from "@rbac-recommender/core";
import type { ReviewedRecommendation } from "../review/reviewed-recommendation.ts";
import type { ReviewState } from "../review/states.ts";

export interface RecommendationFilter {
  state?: ReviewState;
  priority?: Priority;
  severity?: Severity;
  namespace?: string;
  kind?: Recommendation["kind"];
  q?: string;
}

/** Namespaces a change touches: the subject's, the objects it creates, the bindings it edits. */
function namespacesOf(recommendation: Recommendation): Set<string> {
  const namespaces = new Set<string>();
  if (recommendation.subject.namespace) namespaces.add(recommendation.subject.namespace);
  for (const object of recommendation.apply) if (object.metadata.namespace) namespaces.add(object.metadata.namespace);
  for (const binding of recommendation.remove) if (binding.namespace) namespaces.add(binding.namespace);
  return namespaces;
}

export function matchesFilter(item: ReviewedRecommendation, filter: RecommendationFilter): boolean {
  const { recommendation } = item;
  if (filter.state && item.state !== filter.state) return false;
  if (filter.priority && recommendation.priority !== filter.priority) return false;
  if (filter.severity && recommendation.severity !== filter.severity) return false;
  if (filter.kind && recommendation.kind !== filter.kind) return false;
  if (filter.namespace && !namespacesOf(recommendation).has(filter.namespace)) return false;
  if (filter.q && !describeSubject(recommendation.subject).toLowerCase().includes(filter.q.toLowerCase())) return false;
  return true;
}
