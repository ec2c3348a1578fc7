/**
 * The fast path: reads only the top-level fields of an audit event from its bytes. Request and response
 * bodies reuse the event's own key names (verb, user, objectRef, annotations...), so every member that is
 * not read is skipped as one value and nested keys are never taken for the event's.
 */
import { emptyEventFields, emptyObjectRef, emptyUser, readAuditID, type EventFields, type ObjectRefFields, type UserFields } from "./event-fields.ts";
import { INVALID, OPEN_BRACE, OPEN_BRACKET, QUOTE } from "./json-scan.ts";
import { KeyTable } from "./key-table.ts";
import { IndexedEventReader } from "./indexed-event-reader.ts";
import { FALLBACK } from "./member-index.ts";
import { isFinalStage } from "./normalize.ts";
import { decode } from "./string-pool.ts";
import { timestampAt, ValueReader } from "./value-reader.ts";

const KIND = 0, API_VERSION = 1, AUDIT_ID = 2, STAGE = 3, VERB = 4, REQUEST_URI = 5, USER = 6, IMPERSONATED_USER = 7,
  OBJECT_REF = 8, ANNOTATIONS = 9, RESPONSE_STATUS = 10, REQUEST_RECEIVED_TIMESTAMP = 11, STAGE_TIMESTAMP = 12, TIMESTAMP = 13,
  ITEMS = 14, LOG_EVENTS = 15, MESSAGE_TYPE = 16;
const EVENT_KEYS = new KeyTable(["kind", "apiVersion", "auditID", "stage", "verb", "requestURI", "user", "impersonatedUser",
  "objectRef", "annotations", "responseStatus", "requestReceivedTimestamp", "stageTimestamp", "timestamp", "items", "logEvents",
  "messageType"]);
const USERNAME = 0, GROUPS = 1;
const USER_KEYS = new KeyTable(["username", "groups"]);
const API_GROUP = 0, RESOURCE = 1, SUBRESOURCE = 2, NAMESPACE = 3, NAME = 4;
const OBJECT_REF_KEYS = new KeyTable(["apiGroup", "resource", "subresource", "namespace", "name"]);
const DECISION = 0, REASON = 1;
const ANNOTATION_KEYS = new KeyTable(["authorization.k8s.io/decision", "authorization.k8s.io/reason"]);
const CODE = 0;
const RESPONSE_STATUS_KEYS = new KeyTable(["code"]);

/** Prediction slots of the string fields (see ValueReader.string); groups take four each. */
const F_KIND = 0, F_API_VERSION = 1, F_STAGE = 2, F_VERB = 3, F_MESSAGE_TYPE = 4, F_API_GROUP = 5, F_RESOURCE = 6, F_SUBRESOURCE = 7,
  F_NAMESPACE = 8, F_NAME = 9, F_USERNAME = 10, F_IMPERSONATED_USERNAME = 11, F_DECISION = 12, F_REASON = 13, F_GROUPS = 14,
  F_IMPERSONATED_GROUPS = 18;

/** Which array of a batch document `readEvent` stopped at. */
export const EVENT_LIST_ITEMS = 1;
export const FIREHOSE_LOG_EVENTS = 2;
/** `readEvent` result: the object is a batch; its array begins at `batchStart`. */
export const BATCH = -3;

export class EventReader {
  readonly values = new ValueReader();
  readonly fields: EventFields = emptyEventFields();
  /** Set when `readEvent` returns BATCH. */
  batch = 0;
  batchStart = 0;
  /** The `messageType` of a CloudWatch Logs record, as last read. */
  messageType: string | undefined = undefined;
  private readonly user: UserFields = emptyUser();
  private readonly impersonatedUser: UserFields = emptyUser();
  private readonly objectRef: ObjectRefFields = emptyObjectRef();
  private readonly indexed = new IndexedEventReader(this.user, this.impersonatedUser, this.objectRef);
  private allowBatch = false;
  private readonly eventMember = (b: Buffer, i: number, end: number): number => this.member(b, i, end);
  private readonly userMember = (b: Buffer, i: number, end: number): number => this.userField(b, i, end, this.current);
  private readonly objectRefMember = (b: Buffer, i: number, end: number): number => this.objectRefField(b, i, end);
  private readonly annotationMember = (b: Buffer, i: number, end: number): number => this.annotation(b, i, end);
  private readonly statusMember = (b: Buffer, i: number, end: number): number => this.status(b, i, end);
  private current: UserFields = this.user;
  /** Where the requestURI string is, while reading an event; -1 when absent. */
  private uriStart = -1;
  private uriEnd = 0;
  /** Where the auditID string is and its scan flags, while reading an event; -1 when absent. */
  private idStart = -1;
  private idEnd = 0;
  private idFlags = 0;
  /**
   * stageTimestamp and timestamp are only fallbacks for requestReceivedTimestamp: where their strings are
   * (start, end, scan flags; start -1 when absent), parsed by `readEvent` only when needed.
   */
  private readonly later = new Int32Array(6);

  /**
   * `i` at `{`: reads the object's fields into `fields`. Returns the index after the object, NEED_MORE, INVALID,
   * or, when `allowBatch` and an `items`/`logEvents` array begins, BATCH.
   */
  readEvent(b: Buffer, i: number, end: number, allowBatch: boolean): number {
    resetFields(this.fields);
    const indexed = this.indexed.read(b, i, end, this.fields);
    if (indexed !== FALLBACK) return indexed;
    this.allowBatch = allowBatch;
    this.uriStart = -1;
    this.idStart = -1;
    this.later[0] = this.later[3] = -1;
    this.values.skipMembers = false;
    const r = this.values.object(b, i, end, EVENT_KEYS, this.eventMember);
    this.values.skipMembers = false;
    // Read once the stage is known, wherever the two members stood (`readAuditID`).
    if (r >= 0 && this.idStart >= 0) readAuditID(this.fields, b, this.idStart, this.idEnd, this.idFlags);
    if (r >= 0 && Number.isNaN(this.fields.requestReceivedTimestamp)) this.parseFallbackTimes(b);
    // Most events name their resource in objectRef: their URI (unique per request) is never decoded.
    return r >= 0 && this.uriStart >= 0 && !this.fields.objectRef?.resource ? this.decodeRequestURI(b, r) : r;
  }

  /** Before reading the events in b[start, end): lets the member indexer (WebAssembly) read them when it can. */
  load(b: Buffer, start: number, end: number): void {
    this.indexed.load(b, start, end);
  }

  /** After reading what `load` was given. */
  unload(): void {
    this.indexed.unload();
  }

  private parseFallbackTimes(b: Buffer): void {
    const later = this.later;
    if (later[0]! >= 0) this.fields.stageTimestamp = timestampAt(b, later[0]!, later[1]!, later[2]!);
    if (later[3]! >= 0) this.fields.timestamp = timestampAt(b, later[3]!, later[4]!, later[5]!);
  }

  /** Notes where a fallback timestamp is (at `at` in `later`); `readEvent` parses it only if needed. */
  private laterTimestamp(b: Buffer, i: number, end: number, at: number): number {
    const v = this.values;
    if (b[i] !== QUOTE) {
      this.later[at] = -1;
      return v.skipper.skip(b, i, end);
    }
    const q = v.strings.end(b, i + 1, end);
    if (q < 0) return q;
    this.later[at] = i + 1;
    this.later[at + 1] = q;
    this.later[at + 2] = v.strings.flags;
    return q + 1;
  }

  /** Notes where the auditID is; `readEvent` decodes it only if needed. */
  private auditID(b: Buffer, i: number, end: number): number {
    const v = this.values;
    if (b[i] !== QUOTE) {
      this.idStart = -1;
      this.fields.auditID = undefined;
      return v.skipper.skip(b, i, end);
    }
    const q = v.strings.end(b, i + 1, end);
    if (q < 0) return q;
    this.idStart = i + 1;
    this.idEnd = q;
    this.idFlags = v.strings.flags;
    return q + 1;
  }

  /** The URI was only skipped: scan it properly now that it is needed. */
  private decodeRequestURI(b: Buffer, r: number): number {
    const strings = this.values.strings;
    if (strings.end(b, this.uriStart, this.uriEnd + 1) !== this.uriEnd) return INVALID;
    this.fields.requestURI = decode(b, this.uriStart, this.uriEnd, strings.flags);
    return r;
  }

  /**
   * An audit event of an earlier stage (a third of a typical log) only needs counting: once kind, apiVersion
   * and stage say so, the rest of it is skipped instead of read.
   */
  private recognisedEarlier(): boolean {
    const f = this.fields;
    return !isFinalStage(f.stage) && f.kind === "Event" && f.apiVersion !== undefined && f.apiVersion.startsWith("audit.k8s.io/");
  }

  /** Notes where the URI is; `readEvent` decodes it only if needed. */
  private requestURI(b: Buffer, i: number, end: number): number {
    const v = this.values;
    if (b[i] !== QUOTE) {
      this.uriStart = -1;
      return v.skipper.skip(b, i, end);
    }
    const q = v.strings.skip(b, i + 1, end);
    if (q < 0) return q;
    this.uriStart = i + 1;
    this.uriEnd = q;
    return q + 1;
  }

  /** `i` after a batch's array: reads the rest of the batch object (its messageType). */
  readBatchRest(b: Buffer, i: number, end: number): number {
    this.allowBatch = false;
    const v = this.values;
    for (;;) {
      i = v.afterMember(b, i, end);
      if (i < 0 || v.closed) break;
      i = v.memberName(b, i, end, EVENT_KEYS);
      if (i < 0) break;
      i = this.member(b, i, end);
      if (i < 0) break;
    }
    v.skipMembers = false;
    return i;
  }

  private member(b: Buffer, i: number, end: number): number {
    const v = this.values;
    const f = this.fields;
    switch (v.key) {
      case KIND: i = v.string(b, i, end, F_KIND); f.kind = v.text; return i;
      case API_VERSION: i = v.string(b, i, end, F_API_VERSION); f.apiVersion = v.text; return i;
      case AUDIT_ID: return this.auditID(b, i, end);
      case STAGE: i = v.string(b, i, end, F_STAGE); f.stage = v.text; v.skipMembers = this.recognisedEarlier(); return i;
      case VERB: i = v.string(b, i, end, F_VERB); f.verb = v.text; return i;
      case REQUEST_URI: return this.requestURI(b, i, end);
      case USER: return this.userObject(b, i, end, this.user, false);
      case IMPERSONATED_USER: return this.userObject(b, i, end, this.impersonatedUser, true);
      case OBJECT_REF: return this.objectRefObject(b, i, end);
      case ANNOTATIONS: return this.annotations(b, i, end);
      case RESPONSE_STATUS: f.code = undefined; return v.object(b, i, end, RESPONSE_STATUS_KEYS, this.statusMember);
      case REQUEST_RECEIVED_TIMESTAMP: i = v.timestamp(b, i, end); f.requestReceivedTimestamp = v.time; return i;
      case STAGE_TIMESTAMP: return this.laterTimestamp(b, i, end, 0);
      case TIMESTAMP: return this.laterTimestamp(b, i, end, 3);
      case MESSAGE_TYPE: i = v.string(b, i, end, F_MESSAGE_TYPE); this.messageType = v.text; return i;
      case ITEMS:
      case LOG_EVENTS: return this.allowBatch && b[i] === OPEN_BRACKET ? this.startBatch(v.key, i) : v.skipper.skip(b, i, end);
      default: return v.skipper.skip(b, i, end);
    }
  }

  private startBatch(key: number, i: number): number {
    this.batch = key === ITEMS ? EVENT_LIST_ITEMS : FIREHOSE_LOG_EVENTS;
    this.batchStart = i + 1;
    return BATCH;
  }

  private userObject(b: Buffer, i: number, end: number, target: UserFields, impersonated: boolean): number {
    target.username = undefined;
    target.groups.length = 0;
    this.current = target;
    const present = b[i] === OPEN_BRACE ? target : undefined;
    i = this.values.object(b, i, end, USER_KEYS, this.userMember);
    if (impersonated) this.fields.impersonatedUser = present;
    else this.fields.user = present;
    return i;
  }

  private userField(b: Buffer, i: number, end: number, target: UserFields): number {
    const v = this.values;
    const impersonated = target === this.impersonatedUser;
    if (v.key === USERNAME) {
      i = v.string(b, i, end, impersonated ? F_IMPERSONATED_USERNAME : F_USERNAME);
      target.username = v.text;
      return i;
    }
    if (v.key !== GROUPS) return v.skipper.skip(b, i, end);
    target.groups.length = 0;
    return v.stringArray(b, i, end, impersonated ? F_IMPERSONATED_GROUPS : F_GROUPS, target.groups);
  }

  private objectRefObject(b: Buffer, i: number, end: number): number {
    const r = this.objectRef;
    r.apiGroup = r.resource = r.subresource = r.namespace = r.name = undefined;
    this.fields.objectRef = b[i] === OPEN_BRACE ? r : undefined;
    return this.values.object(b, i, end, OBJECT_REF_KEYS, this.objectRefMember);
  }

  private objectRefField(b: Buffer, i: number, end: number): number {
    const v = this.values;
    const r = this.objectRef;
    switch (v.key) {
      case API_GROUP: i = v.string(b, i, end, F_API_GROUP); r.apiGroup = v.text; return i;
      case RESOURCE: i = v.string(b, i, end, F_RESOURCE); r.resource = v.text; return i;
      case SUBRESOURCE: i = v.string(b, i, end, F_SUBRESOURCE); r.subresource = v.text; return i;
      case NAMESPACE: i = v.string(b, i, end, F_NAMESPACE); r.namespace = v.text; return i;
      case NAME: i = v.string(b, i, end, F_NAME); r.name = v.text; return i;
      default: return v.skipper.skip(b, i, end);
    }
  }

  private annotations(b: Buffer, i: number, end: number): number {
    this.fields.decision = this.fields.reason = undefined;
    return this.values.object(b, i, end, ANNOTATION_KEYS, this.annotationMember);
  }

  private annotation(b: Buffer, i: number, end: number): number {
    const v = this.values;
    if (v.key === DECISION) {
      i = v.string(b, i, end, F_DECISION);
      this.fields.decision = v.text;
      return i;
    }
    if (v.key !== REASON) return v.skipper.skip(b, i, end);
    i = v.string(b, i, end, F_REASON);
    this.fields.reason = v.text;
    return i;
  }

  private status(b: Buffer, i: number, end: number): number {
    const v = this.values;
    if (v.key !== CODE) return v.skipper.skip(b, i, end);
    i = v.number(b, i, end);
    this.fields.code = v.num;
    return i;
  }
}

function resetFields(f: EventFields): void {
  f.kind = f.apiVersion = f.auditID = f.stage = f.verb = f.requestURI = undefined;
  f.auditIDPacked = false;
  f.user = f.impersonatedUser = undefined;
  f.objectRef = undefined;
  f.decision = f.reason = undefined;
  f.code = undefined;
  f.requestReceivedTimestamp = f.stageTimestamp = f.timestamp = NaN;
}
