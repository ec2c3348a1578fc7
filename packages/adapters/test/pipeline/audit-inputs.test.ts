import { describe, expect, it } from "vitest";
import { auditSourceFromInputs } from "../../src/pipeline/audit-inputs.ts";

describe("--audit-log inputs", () => {
  it.each([
    [["s3://audit-logs/eks/prod/"], "s3://audit-logs/eks/prod/"],
    [["/var/log/audit.log", "/var/log/old"], "/var/log/audit.log,/var/log/old"],
  ])("%j reads from %s", (inputs, location) => {
    expect(auditSourceFromInputs(inputs).location).toBe(location);
  });

  it.each([[["s3://a-bucket/x", "/var/log/audit.log"]], [["s3://a-bucket/x", "s3://b-bucket/y"]], [["s3://A_B/x"]]])("refuses %j", (inputs) => {
    expect(() => auditSourceFromInputs(inputs)).toThrow();
  });
});
