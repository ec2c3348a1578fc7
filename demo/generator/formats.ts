/** The on-disk forms audit logs arrive in; the analysis recognises each by content, not by file name. */
import { gzipSync } from "node:zlib";
import type { AuditEvent } from "./events.ts";
import type { Random } from "./random.ts";

/** The log backend of kube-apiserver (`--audit-log-path`): one JSON event per line. */
export const jsonLines = (events: AuditEvent[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join("");

/** The webhook backend (`--audit-webhook-config-file`) posts batches as an EventList. */
export const eventList = (events: AuditEvent[]): string =>
  `${JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", metadata: {}, items: events })}\n`;

export const gzip = (text: string | Buffer): Buffer => gzipSync(text, { level: 9 });

/**
 * An S3 object written by Firehose from an EKS CloudWatch Logs subscription: each record is a separately
 * gzipped CloudWatch envelope, concatenated with no separator; the first is the subscription's health check.
 */
export function firehoseObject(events: AuditEvent[], random: Random, logStream: string): Buffer {
  const control = {
    messageType: "CONTROL_MESSAGE",
    owner: "CloudwatchLogs",
    logGroup: "",
    logStream: "",
    subscriptionFilters: [],
    logEvents: [{ id: "", timestamp: Date.parse(String(events[0]?.stageTimestamp ?? "2026-11-19T00:00:00Z")), message: "CWL CONTROL MESSAGE: Checking health of destination Firehose." }],
  };
  const records = [gzip(JSON.stringify(control))];
  for (let i = 0; i < events.length; i += 40) {
    const batch = events.slice(i, i + 40);
    records.push(gzip(JSON.stringify({
      messageType: "DATA_MESSAGE",
      owner: "123456789012",
      logGroup: "/aws/eks/demo/cluster",
      logStream,
      subscriptionFilters: ["eks-audit-to-firehose"],
      logEvents: batch.map((event) => ({
        id: Array.from({ length: 56 }, () => random.int(10)).join(""),
        timestamp: Date.parse(String(event.stageTimestamp)),
        message: JSON.stringify(event),
      })),
    })));
  }
  return Buffer.concat(records);
}
