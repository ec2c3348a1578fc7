import type { RequestAttributes, UserInfo } from "../audit/request.ts";
import type { BindingRef, BindingSubject, PolicyRule, RoleRef } from "./model.ts";

/** One way a request is allowed: the binding, the role it refers to, the matching rule and subject. */
export interface Grant {
  binding: BindingRef;
  role: RoleRef;
  rule: PolicyRule;
  /** The binding's subject entry that matched the user (a Group entry when access came through a group). */
  subject: BindingSubject;
  /** true when the binding carries `kubernetes.io/bootstrapping: rbac-defaults`. */
  bootstrap: boolean;
}

/** Evaluates requests exactly like the Kubernetes RBAC authorizer, over one snapshot. */
export interface Authorizer {
  /**
   * Every grant that allows `attrs` for `user` (ClusterRoleBindings first, then RoleBindings of the namespace).
   * Grants are frozen and shared: the same grant is the same object for every request it allows. With `into`,
   * the grants are written to it (emptied first) and it is returned: for a caller asking per request.
   */
  grants(user: UserInfo, attrs: RequestAttributes, into?: Grant[]): readonly Grant[];
  /** Whether RBAC allows the request at all. */
  allows(user: UserInfo, attrs: RequestAttributes): boolean;
  /** The effective rules of a user in a namespace ("" = cluster-wide only), like `kubectl auth can-i --list`. */
  rulesFor(user: UserInfo, namespace: string): PolicyRule[];
}
