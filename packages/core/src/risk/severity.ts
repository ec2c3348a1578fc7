export const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lower is worse, for sorting. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function worst(severities: Iterable<Severity>): Severity | undefined {
  let result: Severity | undefined;
  for (const s of severities) if (result === undefined || severityRank(s) < severityRank(result)) result = s;
  return result;
}

export function lowerByOne(s: Severity): Severity {
  return SEVERITIES[Math.min(severityRank(s) + 1, SEVERITIES.length - 1)]!;
}
