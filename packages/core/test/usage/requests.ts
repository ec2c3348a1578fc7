import type { AuditRequest } from "../../src/audit/request.ts";

/** A request with sensible defaults; tests override what they are about. */
export function request(overrides: Partial<AuditRequest> = {}): AuditRequest {
  return {
    time: Date.parse("2024-05-01T10:00:00Z"),
    user: { name: "alice", groups: ["devs", "system:authenticated"] },
    outcome: "allow",
    verb: "get",
    resourceRequest: true,
    apiGroup: "",
    resource: "pods",
    subresource: "",
    namespace: "shop",
    name: "web-1",
    path: "",
    ...overrides,
  };
}
