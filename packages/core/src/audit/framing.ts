/**
 * Finds the records in a byte stream, whatever the format: JSON lines, pretty-printed events, EventList
 * documents, top-level arrays and concatenated CloudWatch Logs records (no separator). A batch (EventList
 * `items`, CloudWatch `logEvents`) is read one element at a time, so that only one element is ever held,
 * however large the document. Text that is not JSON is counted once per line; reading resumes at the next line.
 */
import { BATCH, EVENT_LIST_ITEMS, EventReader, FIREHOSE_LOG_EVENTS } from "./event-reader.ts";
import {
  CLOSE_BRACKET, COMMA, INVALID, NEED_MORE, NEWLINE, OPEN_BRACE, OPEN_BRACKET, skipWhitespace,
} from "./json-scan.ts";
import { LogEventReader } from "./log-event-reader.ts";
import type { RequestSink } from "./request-sink.ts";

const TOP = 0, GARBAGE = 1, ELEMENT_OR_CLOSE = 3, ELEMENT = 4, AFTER_ELEMENT = 5, BATCH_REST = 6;
/** A top-level JSON array: its elements are read as events. */
const ARRAY = 0;
const CONTROL_MESSAGE = "CONTROL_MESSAGE";

export class Framing {
  private state = TOP;
  private batch = ARRAY;
  private messageType: string | undefined;
  private readonly reader = new EventReader();
  private readonly logEvents = new LogEventReader(this.reader.values);

  constructor(private readonly sink: RequestSink) {}

  /**
   * Reads the records in b[i, end). Returns where the first incomplete record starts (everything before it
   * is consumed). `final`: no more input will come, so an incomplete record is malformed.
   */
  feed(b: Buffer, i: number, end: number, final: boolean): number {
    this.reader.load(b, i, end);
    try {
      while (i < end) {
        // Whitespace first, so that a record that needs more bytes is carried over from its first byte.
        if (this.state !== GARBAGE) i = skipWhitespace(b, i, end);
        if (i >= end) break;
        const next = this.step(b, i, end);
        if (next >= 0) i = next;
        else if (next === NEED_MORE && !final) return i;
        else this.resync();
      }
      return i;
    } finally {
      this.reader.unload();
    }
  }

  /** Between top-level records, not inside a batch or skipping a bad line. */
  atTop(): boolean {
    return this.state === TOP;
  }

  /** Whether a batch document is still open (at the end of input: it was truncated). */
  inBatch(): boolean {
    return this.state >= ELEMENT_OR_CLOSE;
  }

  /** After text that is not JSON (or a truncated record): count it, skip the rest of its line. */
  resync(): void {
    if (this.inBatch()) this.sink.release(true);
    this.sink.skip("malformed-json");
    this.state = GARBAGE;
  }

  private step(b: Buffer, i: number, end: number): number {
    switch (this.state) {
      case TOP: return this.top(b, i, end);
      case GARBAGE: return this.garbage(b, i, end);
      case ELEMENT_OR_CLOSE: return this.elementOrClose(b, i, end);
      case ELEMENT: return this.element(b, i, end);
      case AFTER_ELEMENT: return this.afterElement(b, i, end);
      default: return this.batchRest(b, i, end);
    }
  }

  private top(b: Buffer, i: number, end: number): number {
    i = skipWhitespace(b, i, end);
    if (i >= end) return i;
    const c = b[i];
    if (c === OPEN_BRACKET) {
      this.openBatch(ARRAY, undefined);
      return i + 1;
    }
    if (c === 0xef && b[i + 1] === 0xbb && b[i + 2] === 0xbf) return i + 3; // a byte order mark
    if (c !== OPEN_BRACE) return this.notAnEvent(b, i, end);
    this.reader.messageType = undefined;
    const r = this.reader.readEvent(b, i, end, true);
    if (r === BATCH) {
      this.openBatch(this.reader.batch, this.reader.messageType);
      return this.reader.batchStart;
    }
    if (r >= 0) this.sink.event(this.reader.fields);
    return r;
  }

  /** Any other JSON value is skipped; text that is not JSON is malformed. */
  private notAnEvent(b: Buffer, i: number, end: number): number {
    const r = this.reader.values.skipper.skip(b, i, end);
    if (r >= 0 && !this.ignoringElements()) this.sink.skip("not-audit-event");
    return r;
  }

  private garbage(b: Buffer, i: number, end: number): number {
    const nl = b.indexOf(NEWLINE, i);
    if (nl === -1 || nl >= end) return end;
    this.state = TOP;
    return nl + 1;
  }

  private openBatch(batch: number, messageType: string | undefined): void {
    this.state = ELEMENT_OR_CLOSE;
    this.batch = batch;
    this.messageType = messageType;
    // A CloudWatch record's messageType may come after its logEvents: hold skips until it is known.
    if (batch === FIREHOSE_LOG_EVENTS && messageType === undefined) this.sink.hold();
  }

  private elementOrClose(b: Buffer, i: number, end: number): number {
    i = skipWhitespace(b, i, end);
    if (i >= end) return i;
    if (b[i] === CLOSE_BRACKET) return this.closeArray(i);
    this.state = ELEMENT;
    return i;
  }

  private element(b: Buffer, i: number, end: number): number {
    i = skipWhitespace(b, i, end);
    if (i >= end) return i;
    if (b[i] !== OPEN_BRACE) {
      const r = this.notAnEvent(b, i, end);
      if (r >= 0) this.state = AFTER_ELEMENT;
      return r;
    }
    const r = this.batch === FIREHOSE_LOG_EVENTS ? this.logEvent(b, i, end) : this.reader.readEvent(b, i, end, false);
    if (r < 0) return r;
    if (this.batch !== FIREHOSE_LOG_EVENTS) this.sink.event(this.reader.fields);
    this.state = AFTER_ELEMENT;
    return r;
  }

  private logEvent(b: Buffer, i: number, end: number): number {
    const r = this.logEvents.read(b, i, end);
    if (r < 0 || this.ignoringElements()) return r;
    const message = this.logEvents.message;
    if (message === undefined) this.sink.skip("not-audit-event");
    else this.message(message);
    return r;
  }

  /** A CloudWatch message holds one complete audit event as text. */
  private message(m: Buffer): void {
    const start = skipWhitespace(m, 0, m.length);
    const r = m[start] === OPEN_BRACE ? this.reader.readEvent(m, start, m.length, false) : this.reader.values.skipper.skip(m, start, m.length);
    if (r < 0 || skipWhitespace(m, r, m.length) !== m.length) return this.sink.skip("malformed-json");
    if (m[start] === OPEN_BRACE) this.sink.event(this.reader.fields);
    else this.sink.skip("not-audit-event");
  }

  private ignoringElements(): boolean {
    return this.inBatch() && this.messageType === CONTROL_MESSAGE;
  }

  private afterElement(b: Buffer, i: number, end: number): number {
    i = skipWhitespace(b, i, end);
    if (i >= end) return i;
    if (b[i] === COMMA) {
      this.state = ELEMENT;
      return i + 1;
    }
    return b[i] === CLOSE_BRACKET ? this.closeArray(i) : INVALID;
  }

  private closeArray(i: number): number {
    this.state = this.batch === ARRAY ? TOP : BATCH_REST;
    return i + 1;
  }

  /** The members after a batch's array, up to the end of the batch object. */
  private batchRest(b: Buffer, i: number, end: number): number {
    this.reader.messageType = this.messageType;
    const r = this.reader.readBatchRest(b, i, end);
    if (r < 0) return r;
    this.sink.release(this.reader.messageType !== CONTROL_MESSAGE);
    this.state = TOP;
    return r;
  }
}
