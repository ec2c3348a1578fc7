import { describe, expect, it } from "vitest";
import { pathOfUri, resourceOfUri } from "../../src/audit/request-uri.ts";

describe("resourceOfUri, like Kubernetes' RequestInfoFactory", () => {
  const r = (apiGroup: string, resource: string, namespace = "", name = "", subresource = "") =>
    ({ apiGroup, resource, namespace, name, subresource });
  it.each([
    ["/api/v1/pods", r("", "pods")],
    ["/api/v1/namespaces/dev/pods", r("", "pods", "dev")],
    ["/api/v1/namespaces/dev/pods/web-1", r("", "pods", "dev", "web-1")],
    ["/api/v1/namespaces/dev/pods/web-1/exec?command=sh", r("", "pods", "dev", "web-1", "exec")],
    ["/apis/apps/v1/namespaces/dev/deployments/web/scale", r("apps", "deployments", "dev", "web", "scale")],
    ["/apis/rbac.authorization.k8s.io/v1/clusterroles/view", r("rbac.authorization.k8s.io", "clusterroles", "", "view")],
    ["/api/v1/namespaces", r("", "namespaces")],
    ["/api/v1/namespaces/dev", r("", "namespaces", "dev", "dev")],
    ["/api/v1/namespaces/dev/finalize", r("", "namespaces", "dev", "dev", "finalize")],
    ["/api/v1/namespaces/dev/status", r("", "namespaces", "dev", "dev", "status")],
    ["/api/v1/nodes/n1/proxy/metrics", r("", "nodes", "", "n1", "proxy")],
    ["/api/v1/watch/namespaces/dev/pods", r("", "pods", "dev")],
    ["/api/v1/proxy/namespaces/dev/services/web/path/more", r("", "services", "dev", "web", "")],
  ])("%s", (uri, want) => {
    expect(resourceOfUri(uri)).toEqual(want);
  });

  it.each(["/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/healthz", "/metrics", "/openapi/v2", "/logs/", "/", ""])(
    "%j is a non-resource URL", (uri) => {
      expect(resourceOfUri(uri)).toBeUndefined();
    });
});

describe("pathOfUri", () => {
  it.each([
    ["/healthz?timeout=32s", "/healthz"],
    ["/readyz", "/readyz"],
    ["/logs/kube-apiserver.log#x", "/logs/kube-apiserver.log"],
  ])("%s → %s", (uri, want) => {
    expect(pathOfUri(uri)).toBe(want);
  });
});
