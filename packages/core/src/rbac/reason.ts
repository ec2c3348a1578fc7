import { readGoQuoted } from "./go-quote.ts";
import type { BindingRef, BindingSubject } from "./model.ts";

/** What an RBAC `authorization.k8s.io/reason` annotation says allowed a request. */
export interface AuthorizationReason {
  binding: BindingRef;
  role: { kind: "Role" | "ClusterRole"; name: string };
  /** The binding's subject entry that matched; a ServiceAccount always carries its (possibly defaulted) namespace. */
  subject: BindingSubject;
}

const PREFIX = "RBAC: allowed by ";

/**
 * Parses the reason the RBAC authorizer records for an allowed request (rbac.go, and the binding
 * describers of registry/rbac/validation/rule.go):
 *   RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "view" to Group "devs"
 *   RBAC: allowed by RoleBinding "shop/app" of Role "app" to ServiceAccount "api/app"
 * RoleBindings and ServiceAccounts are written `name/namespace`. Anything else, including the empty reason
 * of other authorizers, gives undefined.
 */
export function parseAuthorizationReason(reason: string | undefined): AuthorizationReason | undefined {
  if (reason === undefined || !reason.startsWith(PREFIX)) return undefined;
  const r = new Reader(reason, PREFIX.length);
  const bindingKind = r.word(["ClusterRoleBinding", "RoleBinding"]);
  const bindingName = r.quoted();
  const roleKind = r.literal(" of ") && r.word(["ClusterRole", "Role"]);
  const roleName = r.quoted();
  const subjectKind = r.literal(" to ") && r.word(["User", "Group", "ServiceAccount"]);
  const subjectName = r.quoted();
  if (!bindingKind || bindingName === undefined || !roleKind || !roleName || !subjectKind || !subjectName || !r.done()) {
    return undefined;
  }
  const binding = bindingOf(bindingKind, bindingName);
  const subject = subjectOf(subjectKind, subjectName);
  return binding && subject && { binding, role: { kind: roleKind, name: roleName }, subject };
}

function bindingOf(kind: "ClusterRoleBinding" | "RoleBinding", text: string): BindingRef | undefined {
  if (kind === "ClusterRoleBinding") return text ? { kind, name: text } : undefined;
  const parts = splitNamespaced(text);
  return parts && { kind, name: parts.name, namespace: parts.namespace };
}

function subjectOf(kind: BindingSubject["kind"], text: string): BindingSubject | undefined {
  if (kind !== "ServiceAccount") return { kind, name: text };
  const parts = splitNamespaced(text);
  return parts && { kind, name: parts.name, namespace: parts.namespace };
}

/** `name/namespace`; a namespace never contains a slash, so the last one separates. */
function splitNamespaced(text: string): { name: string; namespace: string } | undefined {
  const slash = text.lastIndexOf("/");
  if (slash <= 0 || slash === text.length - 1) return undefined;
  return { name: text.slice(0, slash), namespace: text.slice(slash + 1) };
}

/** A cursor over the reason text; every read returns undefined once something did not match. */
class Reader {
  private ok = true;
  constructor(private readonly s: string, private i: number) {}

  /** One of `words` followed by a space. */
  word<W extends string>(words: readonly W[]): W | undefined {
    const w = this.ok ? words.find((w) => this.s.startsWith(`${w} `, this.i)) : undefined;
    if (w === undefined) return this.fail();
    this.i += w.length + 1;
    return w;
  }

  literal(text: string): true | undefined {
    if (!this.ok || !this.s.startsWith(text, this.i)) return this.fail();
    this.i += text.length;
    return true;
  }

  quoted(): string | undefined {
    const q = this.ok ? readGoQuoted(this.s, this.i) : undefined;
    if (q === undefined) return this.fail();
    this.i = q.end;
    return q.value;
  }

  done(): boolean {
    return this.ok && this.i === this.s.length;
  }

  private fail(): undefined {
    this.ok = false;
    return undefined;
  }
}
