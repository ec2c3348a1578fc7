/**
 * The top-level fields of one audit Event that the analysis reads, as found in the input: `undefined` when
 * absent or of the wrong type (as if the event did not have them). Both the fast byte reader and the
 * JSON.parse-based reference fill this shape; `normalize` turns it into an AuditRequest.
 */
import { KEY_WORDS, packUuidBytes } from "./audit-id-key.ts";
import { isFinalStage } from "./normalize.ts";
import { decode } from "./string-pool.ts";

export interface UserFields {
  username: string | undefined;
  groups: string[];
}

export interface ObjectRefFields {
  apiGroup: string | undefined;
  resource: string | undefined;
  subresource: string | undefined;
  namespace: string | undefined;
  name: string | undefined;
}

export interface EventFields {
  kind: string | undefined;
  apiVersion: string | undefined;
  /**
   * The fast reader decodes it for final-stage events only: an earlier stage's reads "" (present, all that
   * `isAuditEvent` asks). It never decodes a canonical UUID (all the API server writes): that is packed into
   * `auditKey` instead, `auditIDPacked` is set and this reads "".
   */
  auditID: string | undefined;
  auditIDPacked: boolean;
  /** KEY_WORDS integers (audit-id-key.ts), reused for every event. */
  readonly auditKey: Int32Array;
  stage: string | undefined;
  verb: string | undefined;
  requestURI: string | undefined;
  user: UserFields | undefined;
  impersonatedUser: UserFields | undefined;
  objectRef: ObjectRefFields | undefined;
  /** The `authorization.k8s.io/decision` annotation. */
  decision: string | undefined;
  /** The `authorization.k8s.io/reason` annotation. */
  reason: string | undefined;
  /** responseStatus.code */
  code: number | undefined;
  /**
   * ms since the epoch; NaN when absent or not RFC 3339. The fast reader parses the two fallbacks
   * (stageTimestamp, timestamp) only when requestReceivedTimestamp is NaN.
   */
  requestReceivedTimestamp: number;
  stageTimestamp: number;
  /** v1beta1's event time. */
  timestamp: number;
}

export function emptyUser(): UserFields {
  return { username: undefined, groups: [] };
}

export function emptyObjectRef(): ObjectRefFields {
  return { apiGroup: undefined, resource: undefined, subresource: undefined, namespace: undefined, name: undefined };
}

export function emptyEventFields(): EventFields {
  return {
    kind: undefined, apiVersion: undefined, auditID: undefined, auditIDPacked: false, auditKey: new Int32Array(KEY_WORDS),
    stage: undefined, verb: undefined, requestURI: undefined,
    user: undefined, impersonatedUser: undefined, objectRef: undefined, decision: undefined, reason: undefined, code: undefined,
    requestReceivedTimestamp: NaN, stageTimestamp: NaN, timestamp: NaN,
  };
}

/**
 * An audit Event: `kind: Event` of audit.k8s.io; or, without kind/apiVersion (falco's traces, EventList items),
 * anything carrying auditID, stage and verb.
 */
export function isAuditEvent(f: EventFields): boolean {
  if (f.kind === "Event" && f.apiVersion !== undefined && f.apiVersion.startsWith("audit.k8s.io/")) return true;
  return f.auditID !== undefined && f.stage !== undefined && f.verb !== undefined;
}

/**
 * The auditID from its string's bytes b[start, end) (scan flags `flags`), once `f.stage` is read. Only a
 * final-stage event's is used (for de-duplication): packed when a plain canonical UUID, so that no string is made
 * for it, else decoded. An earlier stage's is not read: "" stands for "present" (all that `isAuditEvent` asks).
 */
export function readAuditID(f: EventFields, b: Buffer, start: number, end: number, flags: number): void {
  if (!isFinalStage(f.stage)) {
    f.auditID = "";
    return;
  }
  f.auditIDPacked = flags === 0 && packUuidBytes(b, start, end, f.auditKey, 0);
  f.auditID = f.auditIDPacked ? "" : decode(b, start, end, flags);
}
