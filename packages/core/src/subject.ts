/** Who a recommendation is for: the three RBAC subject kinds. */
export type SubjectKind = "User" | "Group" | "ServiceAccount";

export interface SubjectRef {
  readonly kind: SubjectKind;
  readonly name: string;
  /** Only for ServiceAccount. */
  readonly namespace?: string;
}

const SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

/** The subject behind an authenticated username: service-account usernames become ServiceAccount subjects. */
export function subjectOfUsername(username: string): SubjectRef {
  if (username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    const rest = username.slice(SERVICE_ACCOUNT_PREFIX.length);
    const colon = rest.indexOf(":");
    if (colon > 0 && colon < rest.length - 1 && rest.indexOf(":", colon + 1) === -1) {
      return { kind: "ServiceAccount", namespace: rest.slice(0, colon), name: rest.slice(colon + 1) };
    }
  }
  return { kind: "User", name: username };
}

/** Whether `username` is `serviceAccountUsername(namespace, name)`, without building it (asked per request). */
export function isServiceAccountUsername(username: string, namespace: string, name: string): boolean {
  const colon = SERVICE_ACCOUNT_PREFIX.length + namespace.length;
  return (
    username.length === colon + 1 + name.length && username.startsWith(SERVICE_ACCOUNT_PREFIX) &&
    username.startsWith(namespace, SERVICE_ACCOUNT_PREFIX.length) && username.charCodeAt(colon) === 58 && username.endsWith(name)
  );
}

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** A stable, unambiguous map key for a subject. */
export function subjectKey(s: SubjectRef): string {
  return s.kind === "ServiceAccount" ? `ServiceAccount\u001f${s.namespace ?? ""}\u001f${s.name}` : `${s.kind}\u001f${s.name}`;
}

/** How people write a subject: `ServiceAccount ns/name`, `User alice`, `Group devs`. */
export function describeSubject(s: SubjectRef): string {
  return s.kind === "ServiceAccount" ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`;
}

export function sameSubject(a: SubjectRef, b: SubjectRef): boolean {
  return subjectKey(a) === subjectKey(b);
}
