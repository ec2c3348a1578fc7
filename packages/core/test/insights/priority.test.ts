import { describe, expect, it } from "vitest";
import { priorityOf } from "../../src/insights/priority.ts";
import { removedRisks } from "../../src/insights/risk-delta.ts";
import type { RiskFinding } from "../../src/risk/risk.ts";

describe("priorityOf: the worst removed severity, raised one step by a large unused grant", () => {
  it.each([
    ["CRITICAL", 0, "P1"],
    ["CRITICAL", 500, "P1"],
    ["HIGH", 0, "P2"],
    ["HIGH", 500, "P2"],
    ["MEDIUM", 99, "P3"],
    ["MEDIUM", 100, "P2"],
    ["LOW", 99, "P4"],
    ["LOW", 100, "P3"],
    [undefined, 0, "P4"],
    [undefined, 100, "P3"],
    [undefined, 10_000, "P3"],
  ] as const)("%s with %i unused atoms → %s", (severity, unused, priority) => {
    expect(priorityOf(severity, unused)).toBe(priority);
  });
});

describe("removedRisks: held before and not after, or only at a lower severity", () => {
  const f = (check: string, severity: RiskFinding["severity"]): RiskFinding => ({ check, title: check, severity });
  const profile = (...findings: RiskFinding[]) => new Map(findings.map((x) => [x.check, x]));

  it.each([
    ["gone entirely", [f("secrets-read", "CRITICAL")], [], ["secrets-read:CRITICAL"]],
    ["lowered (cluster-wide to one namespace)", [f("secrets-read", "CRITICAL")], [f("secrets-read", "HIGH")], ["secrets-read:CRITICAL"]],
    ["kept at the same severity", [f("impersonate", "CRITICAL")], [f("impersonate", "CRITICAL")], []],
    ["new after (not a removal)", [], [f("pods-log", "LOW")], []],
    ["sorted worst first, then by check", [f("pods-log", "LOW"), f("wildcard", "HIGH"), f("bind", "CRITICAL"), f("escalate", "CRITICAL")], [], ["bind:CRITICAL", "escalate:CRITICAL", "wildcard:HIGH", "pods-log:LOW"]],
  ] as const)("%s", (_, before, after, expected) => {
    expect(removedRisks(profile(...before), profile(...after)).map((r) => `${r.check}:${r.severity}`)).toEqual(expected);
  });
});
