import type { RequestAttributes } from "../audit/request.ts";
import type { BindingRef } from "../rbac/model.ts";
import type { SubjectRef } from "../subject.ts";

/** One permission as exercised in the window, aggregated over all its requests. */
export interface PermissionUsage {
  /** Names are already dropped for verbs RBAC cannot restrict by name (create, list, watch, deletecollection). */
  attrs: RequestAttributes;
  count: number;
  /** ms since the epoch */
  firstSeen: number;
  lastSeen: number;
  /** distinct UTC days with at least one such request */
  days: number;
  /** The binding that allowed it: from the reason annotation, else by evaluation; absent in usage-only mode. */
  via?: BindingRef;
  /** true when `via` is a bootstrap default (never removed), so the permission needs no generated rule. */
  coveredByDefaults: boolean;
}

/** What one subject did in the window, after attribution. */
export interface SubjectUsage {
  subject: SubjectRef;
  /** Allowed requests attributed to this subject (a group's entry holds what members used through it). */
  allowed: PermissionUsage[];
  /** Requests RBAC denied to this subject: "needed but not granted". */
  denied: PermissionUsage[];
}

export type NotAttributableReason = "system-masters" | "non-rbac-authorizer" | "system-user";

/** Usage that no RBAC change can reduce, listed so that nothing is reported as clean by omission. */
export interface NotAttributableUsage {
  user: string;
  reason: NotAttributableReason;
  permissions: PermissionUsage[];
}

export interface AttributedUsage {
  subjects: SubjectUsage[];
  notAttributable: NotAttributableUsage[];
}
