/**
 * The normalised shape of one API request, as the analysis sees it.
 *
 * Only the fields the analysis needs are kept: request and response bodies never get this far,
 * because they can hold secret data.
 */

/** An authenticated identity as the API server saw it (`user` or `impersonatedUser` of an event). */
export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
}

/**
 * The attributes the RBAC authorizer decides on (Kubernetes `authorizer.Attributes`).
 * Empty string means "absent" for every string field, as in Kubernetes.
 */
export interface RequestAttributes {
  readonly verb: string;
  /** true for `/api/...` and `/apis/...` resource requests, false for non-resource URLs. */
  readonly resourceRequest: boolean;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** Non-resource URL path without the query string; "" for resource requests. */
  readonly path: string;
}

/** How the authorizer decided: the `authorization.k8s.io/decision` annotation, else the response code. */
export type Outcome = "allow" | "forbid";

export interface AuditRequest extends RequestAttributes {
  /** requestReceivedTimestamp (falling back to stageTimestamp, then timestamp), ms since the epoch. */
  readonly time: number;
  /** The subject the request ran as: `impersonatedUser` when present, else `user`. */
  readonly user: UserInfo;
  /** The authenticated user who impersonated `user`; impersonation succeeded if this is set. */
  readonly impersonator?: UserInfo;
  readonly outcome: Outcome;
  /**
   * The `authorization.k8s.io/reason` annotation: `undefined` when the event has none (annotations not
   * recorded), "" when present but empty (RBAC did not decide, e.g. system:masters or the Node authorizer).
   */
  readonly reason?: string;
}

/** Why an input record was not turned into a request; counted per reason, never fatal. */
export type SkipReason =
  | "malformed-json"
  | "not-audit-event"
  | "not-final-stage"
  | "duplicate-audit-id"
  | "missing-fields"
  | "unauthenticated"
  | "truncated-gzip"
  | "unreadable-entry";

export interface DecodeStats {
  /** Bytes of decoded (uncompressed) input. */
  bytes: number;
  /** Audit events recognised (any stage). */
  events: number;
  /** Requests produced (final-stage, deduplicated events). */
  requests: number;
  skipped: Partial<Record<SkipReason, number>>;
}
