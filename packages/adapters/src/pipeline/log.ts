/** One structured log line; Lambda and CloudWatch Logs Insights read these as JSON. */
export interface NightlyLogEvent {
  level: "info" | "warn" | "error";
  msg: string;
  runId: string;
  [field: string]: unknown;
}

export type NightlyLog = (event: NightlyLogEvent) => void;

export const jsonLinesLog: NightlyLog = (event) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
};
