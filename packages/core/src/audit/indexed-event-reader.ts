/**
 * The fast path of the fast path: the member indexer (member-index.ts, WebAssembly) finds an event's members,
 * and this turns its slots into the event's fields exactly as EventReader would have read them, member for
 * member: the same strings from the same pool, the same fallbacks for absent or mistyped values, and the same
 * members left unread after an earlier stage. Whatever the indexer does not answer for, EventReader reads.
 */
import type { EventFields, ObjectRefFields, UserFields } from "./event-fields.ts";
import { emptyObjectRef, emptyUser, readAuditID } from "./event-fields.ts";
import {
  CALLER, FALLBACK, LIST, MemberIndex, NUMBER, OBJECT, RAW_STRING, SLOT, STRING, STRING_LIST, T_LIST, T_NUMBER, T_OBJECT, T_STRING,
} from "./member-index.ts";
import { isFinalStage } from "./normalize.ts";
import { decode, StringPool } from "./string-pool.ts";
import { numberAt, timestampAt } from "./value-reader.ts";

const KIND = 0, API_VERSION = 1, AUDIT_ID = 2, STAGE = 3, VERB = 4, REQUEST_URI = 5, USER = 6, IMPERSONATED_USER = 7,
  OBJECT_REF = 8, ANNOTATIONS = 9, RESPONSE_STATUS = 10, REQUEST_RECEIVED_TIMESTAMP = 11, STAGE_TIMESTAMP = 12, TIMESTAMP = 13,
  USERNAME = 14, GROUPS = 15, IMPERSONATED_USERNAME = 16, IMPERSONATED_GROUPS = 17, API_GROUP = 18, RESOURCE = 19,
  SUBRESOURCE = 20, NAMESPACE = 21, NAME = 22, DECISION = 23, REASON = 24, CODE = 25, BATCH = 26;
const USER_LEVEL = 1, IMPERSONATED_LEVEL = 2, OBJECT_REF_LEVEL = 3, ANNOTATIONS_LEVEL = 4, STATUS_LEVEL = 5;

/** EventReader's keys, level by level; batch keys (items, logEvents, messageType) are left to EventReader. */
const SCHEMA = [
  [
    { name: "kind", action: STRING, slot: KIND }, { name: "apiVersion", action: STRING, slot: API_VERSION },
    { name: "auditID", action: RAW_STRING, slot: AUDIT_ID }, { name: "stage", action: STRING, slot: STAGE },
    { name: "verb", action: STRING, slot: VERB }, { name: "requestURI", action: RAW_STRING, slot: REQUEST_URI },
    { name: "user", action: OBJECT, slot: USER, child: USER_LEVEL },
    { name: "impersonatedUser", action: OBJECT, slot: IMPERSONATED_USER, child: IMPERSONATED_LEVEL },
    { name: "objectRef", action: OBJECT, slot: OBJECT_REF, child: OBJECT_REF_LEVEL },
    { name: "annotations", action: OBJECT, slot: ANNOTATIONS, child: ANNOTATIONS_LEVEL },
    { name: "responseStatus", action: OBJECT, slot: RESPONSE_STATUS, child: STATUS_LEVEL },
    { name: "requestReceivedTimestamp", action: RAW_STRING, slot: REQUEST_RECEIVED_TIMESTAMP },
    { name: "stageTimestamp", action: RAW_STRING, slot: STAGE_TIMESTAMP }, { name: "timestamp", action: RAW_STRING, slot: TIMESTAMP },
    { name: "items", action: CALLER, slot: BATCH }, { name: "logEvents", action: CALLER, slot: BATCH },
    { name: "messageType", action: CALLER, slot: BATCH },
  ],
  [{ name: "username", action: STRING, slot: USERNAME }, { name: "groups", action: STRING_LIST, slot: GROUPS, child: 0 }],
  [{ name: "username", action: STRING, slot: IMPERSONATED_USERNAME },
    { name: "groups", action: STRING_LIST, slot: IMPERSONATED_GROUPS, child: 1 }],
  [
    { name: "apiGroup", action: STRING, slot: API_GROUP }, { name: "resource", action: STRING, slot: RESOURCE },
    { name: "subresource", action: STRING, slot: SUBRESOURCE }, { name: "namespace", action: STRING, slot: NAMESPACE },
    { name: "name", action: STRING, slot: NAME },
  ],
  [{ name: "authorization.k8s.io/decision", action: STRING, slot: DECISION },
    { name: "authorization.k8s.io/reason", action: STRING, slot: REASON }],
  [{ name: "code", action: NUMBER, slot: CODE }],
];

export class IndexedEventReader {
  private readonly index = MemberIndex.create(SCHEMA);
  private readonly pool = StringPool.shared();
  private readonly slots: Int32Array<ArrayBufferLike> = this.index?.slots ?? new Int32Array(0);
  private b: Buffer = Buffer.alloc(0);
  private delta = 0;
  /** Members at or before this position are read (see `readUpTo`). */
  private upTo = 0;

  constructor(private readonly user: UserFields = emptyUser(), private readonly impersonatedUser: UserFields = emptyUser(),
    private readonly objectRef: ObjectRefFields = emptyObjectRef()) {}

  /** Before reading events in b[start, end): whether `read` can serve them. */
  load(b: Buffer, start: number, end: number): boolean {
    return this.index?.load(this, b, start, end) ?? false;
  }

  unload(): void {
    this.index?.unload(this);
  }

  /**
   * `i` at the `{` of an event in what was loaded, `fields` reset: reads the event into `fields` and returns
   * the index after it, or FALLBACK (nothing read: EventReader reads it).
   */
  read(b: Buffer, i: number, end: number, f: EventFields): number {
    const index = this.index;
    if (index === undefined) return FALLBACK;
    const r = index.index(this, b, i, end);
    this.b = b;
    this.delta = index.delta;
    if (index.addedCount > 0) this.decodeAdded(index);
    if (r < 0) return FALLBACK;
    this.upTo = this.readUpTo();
    f.kind = this.text(KIND);
    f.apiVersion = this.text(API_VERSION);
    f.stage = this.text(STAGE);
    f.verb = this.text(VERB);
    if (this.has(AUDIT_ID)) {
      if (!this.isString(AUDIT_ID)) f.auditID = undefined;
      else readAuditID(f, b, this.start(AUDIT_ID), this.end(AUDIT_ID), this.slots[AUDIT_ID * SLOT + 3]!);
    }
    if (this.has(USER)) f.user = this.userFields(this.user, USERNAME, GROUPS, 0);
    if (this.has(IMPERSONATED_USER)) f.impersonatedUser = this.userFields(this.impersonatedUser, IMPERSONATED_USERNAME, IMPERSONATED_GROUPS, 1);
    if (this.has(OBJECT_REF)) f.objectRef = this.objectRefFields();
    if (this.has(ANNOTATIONS) && this.type(ANNOTATIONS) === T_OBJECT) {
      f.decision = this.text(DECISION);
      f.reason = this.text(REASON);
    }
    if (this.has(RESPONSE_STATUS) && this.type(RESPONSE_STATUS) === T_OBJECT && this.type(CODE) === T_NUMBER) {
      f.code = numberAt(b, this.start(CODE), this.end(CODE));
    }
    f.requestReceivedTimestamp = this.time(REQUEST_RECEIVED_TIMESTAMP);
    if (Number.isNaN(f.requestReceivedTimestamp)) {
      f.stageTimestamp = this.time(STAGE_TIMESTAMP);
      f.timestamp = this.time(TIMESTAMP);
    }
    // As EventReader: the URI (unique per request) is decoded only when objectRef names no resource.
    if (this.isString(REQUEST_URI) && this.has(REQUEST_URI) && !f.objectRef?.resource) f.requestURI = this.decoded(REQUEST_URI);
    return r;
  }

  /**
   * EventReader skips the members after the stage of an audit event of an earlier stage (once kind and apiVersion,
   * read before it, said it is one): those after it here are not read either.
   */
  private readUpTo(): number {
    if (this.type(STAGE) === 0) return Infinity;
    const at = this.start(STAGE);
    if (isFinalStage(this.string(STAGE)) || this.textBefore(KIND, at) !== "Event") return Infinity;
    const apiVersion = this.textBefore(API_VERSION, at);
    return apiVersion !== undefined && apiVersion.startsWith("audit.k8s.io/") ? at : Infinity;
  }

  private textBefore(slot: number, at: number): string | undefined {
    return this.start(slot) < at ? this.string(slot) : undefined;
  }

  /** The strings new to the pool get their text, so that the pool's bytes and texts agree again. */
  private decodeAdded(index: MemberIndex): void {
    const added = index.added;
    for (let k = 0; k < index.addedCount; k++) {
      const e = 4 + 4 * k;
      this.pool.setText(added[e]!, decode(this.b, added[e + 1]! + this.delta, added[e + 2]! + this.delta, added[e + 3]!));
    }
  }

  private userFields(target: UserFields, username: number, groups: number, list: number): UserFields | undefined {
    target.username = undefined;
    target.groups.length = 0;
    if (this.type(username === USERNAME ? USER : IMPERSONATED_USER) !== T_OBJECT) return undefined;
    target.username = this.text(username);
    if (this.type(groups) === T_LIST) this.listTexts(list, target.groups);
    return target;
  }

  private objectRefFields(): ObjectRefFields | undefined {
    const r = this.objectRef;
    if (this.type(OBJECT_REF) !== T_OBJECT) return undefined;
    r.apiGroup = this.text(API_GROUP);
    r.resource = this.text(RESOURCE);
    r.subresource = this.text(SUBRESOURCE);
    r.namespace = this.text(NAMESPACE);
    r.name = this.text(NAME);
    return r;
  }

  private listTexts(list: number, into: string[]): void {
    const lists = this.index!.lists;
    const at = list * LIST;
    for (let k = 0, n = lists[at]!; k < n; k++) {
      const e = at + 4 + 4 * k;
      const slot = lists[e + 3]!;
      into.push(slot >= 0 ? this.pool.textOf(slot) : decode(this.b, lists[e]! + this.delta, lists[e + 1]! + this.delta, lists[e + 2]!));
    }
  }

  /** Whether the member was found and is read (see `readUpTo`). */
  private has(slot: number): boolean {
    return this.type(slot) !== 0 && this.start(slot) <= this.upTo;
  }

  private isString(slot: number): boolean {
    return this.type(slot) === T_STRING;
  }

  /** The text of a string member that is read; undefined otherwise. */
  private text(slot: number): string | undefined {
    return this.start(slot) <= this.upTo ? this.string(slot) : undefined;
  }

  /** The interned text of a string member, read or not; undefined when it is not a string. */
  private string(slot: number): string | undefined {
    if (this.type(slot) !== T_STRING) return undefined;
    const pooled = this.slots[slot * SLOT + 4]!;
    return pooled >= 0 ? this.pool.textOf(pooled) : this.decoded(slot);
  }

  private decoded(slot: number): string {
    return decode(this.b, this.start(slot), this.end(slot), this.slots[slot * SLOT + 3]!);
  }

  private time(slot: number): number {
    if (!this.has(slot) || !this.isString(slot)) return NaN;
    return timestampAt(this.b, this.start(slot), this.end(slot), this.slots[slot * SLOT + 3]!);
  }

  private type(slot: number): number {
    return this.slots[slot * SLOT + 2]!;
  }

  private start(slot: number): number {
    return this.slots[slot * SLOT]! + this.delta;
  }

  private end(slot: number): number {
    return this.slots[slot * SLOT + 1]! + this.delta;
  }
}
