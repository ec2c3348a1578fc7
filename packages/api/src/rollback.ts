import { stringify } from "yaml";
import type { Recommendation } from "@rbac-recommender/core";

/** Same writer settings as core's manifests: kubectl reads YAML 1.1, so 1.1 quoting keeps `yes`/`0755` strings. */
const YAML_OPTIONS = { version: "1.1", lineWidth: 0, aliasDuplicateObjects: false } as const;

/** The objects a recommendation modifies or removes, as the snapshot had them, for `kubectl apply -f` after a bad change. */
export function renderRollback(recommendation: Recommendation): string {
  const header = [
    `# rbac-recommender rollback for recommendation ${recommendation.id}`,
    recommendation.rollback.length
      ? "# the RBAC objects this recommendation modifies or removes, as they were before the change:"
      : "# this recommendation modifies or removes no existing object: nothing to restore",
    "#   kubectl apply -f <this file>",
    "# then delete the objects the change created: kubectl delete -f <its manifest.yaml>",
  ];
  return [...header.map((line) => `${line}\n`), ...recommendation.rollback.map((object) => `---\n${stringify(object, YAML_OPTIONS)}`)].join("");
}
