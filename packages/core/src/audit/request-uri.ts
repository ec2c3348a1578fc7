/**
 * Request attributes from a request URI, for events without an objectRef: a port of the path rules of
 * Kubernetes' RequestInfoFactory (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go).
 */

export interface UriResource {
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

/** `/namespaces/<ns>/<these>` address the namespace object itself, not a resource inside it. */
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);
/** Legacy `/api/v1/watch/...` and `/api/v1/proxy/...` forms: the verb is a path segment. */
const SPECIAL_VERBS = new Set(["proxy", "watch"]);

/** The URI's path: without query string or fragment. */
export function pathOfUri(uri: string): string {
  const q = uri.search(/[?#]/);
  return q === -1 ? uri : uri.slice(0, q);
}

/**
 * The resource a URI addresses, or undefined for a non-resource URL (including the discovery paths `/api`,
 * `/api/v1`, `/apis`, `/apis/<group>`, `/apis/<group>/<version>`).
 */
export function resourceOfUri(uri: string): UriResource | undefined {
  let parts = pathOfUri(uri).split("/").filter((p) => p !== "");
  if (parts.length < 3 || (parts[0] !== "api" && parts[0] !== "apis")) return undefined;
  let apiGroup = "";
  if (parts[0] === "apis") {
    if (parts.length < 4) return undefined;
    apiGroup = parts[1]!;
    parts = parts.slice(3);
  } else {
    parts = parts.slice(2);
  }
  let verbInPath = "";
  if (SPECIAL_VERBS.has(parts[0]!)) {
    if (parts.length < 2) return undefined;
    verbInPath = parts[0]!;
    parts = parts.slice(1);
  }
  let namespace = "";
  if (parts[0] === "namespaces" && parts.length > 1) {
    namespace = parts[1]!;
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
  }
  return {
    apiGroup,
    resource: parts[0] ?? "",
    name: parts[1] ?? "",
    // proxy paths continue with the proxied path, never a subresource
    subresource: verbInPath === "proxy" ? "" : (parts[2] ?? ""),
    namespace,
  };
}
