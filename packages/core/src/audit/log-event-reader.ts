/**
 * One element of a CloudWatch Logs record's `logEvents` (`{"id":..,"timestamp":..,"message":"<event JSON>"}`),
 * as Firehose writes EKS audit logs to S3: the audit event is the text of `message`.
 */
import { QUOTE } from "./json-scan.ts";
import { KeyTable } from "./key-table.ts";
import { Unescaper } from "./unescape.ts";
import type { ValueReader } from "./value-reader.ts";

const MESSAGE = 0;
const LOG_EVENT_KEYS = new KeyTable(["message"]);

export class LogEventReader {
  /** The message text of the element just read, undefined when it had none. */
  message: Buffer | undefined = undefined;
  private readonly unescaper = new Unescaper();
  private readonly messageMember = (b: Buffer, i: number, end: number): number => this.member(b, i, end);

  constructor(private readonly values: ValueReader) {}

  /** `i` at the element; returns the index after it. */
  read(b: Buffer, i: number, end: number): number {
    this.message = undefined;
    this.values.skipMembers = false;
    return this.values.object(b, i, end, LOG_EVENT_KEYS, this.messageMember);
  }

  private member(b: Buffer, i: number, end: number): number {
    const v = this.values;
    if (v.key !== MESSAGE) return v.skipper.skip(b, i, end);
    if (b[i] !== QUOTE) {
      this.message = undefined;
      return v.skipper.skip(b, i, end);
    }
    const q = v.strings.end(b, i + 1, end);
    if (q < 0) return q;
    this.message = this.unescaper.bytes(b, i + 1, q);
    return q + 1;
  }
}
