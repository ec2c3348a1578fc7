import type { Priority } from "../recommend/schema.ts";
import type { Severity } from "../risk/severity.ts";

/** Unused atoms above which the sheer size of unused access raises the priority by one. */
const LARGE_EXCESS = 100;

/**
 * P1 when the change removes critical access, P2 high, P3 medium, P4 the rest; a large amount of unused
 * access raises it one step (never above P1, never from nothing to P1).
 */
export function priorityOf(severity: Severity | undefined, unusedAtoms: number): Priority {
  const base = severity === "CRITICAL" ? 1 : severity === "HIGH" ? 2 : severity === "MEDIUM" ? 3 : 4;
  const raised = unusedAtoms >= LARGE_EXCESS && base > 2 ? base - 1 : base;
  return `P${raised}` as Priority;
}
