import type { UserInfo } from "../audit/request.ts";
import { isServiceAccountUsername } from "../subject.ts";
import type { BindingSubject } from "./model.ts";

/**
 * Whether a binding subject names this user, as appliesToUser in
 * k8s.io/kubernetes/pkg/registry/rbac/validation/rule.go decides it.
 *
 * `bindingNamespace` is the RoleBinding's namespace, "" for a ClusterRoleBinding: a ServiceAccount subject
 * without a namespace means "in the binding's namespace", so in a ClusterRoleBinding it matches no one.
 * Service-account groups (system:serviceaccounts, system:serviceaccounts:<ns>) are not inferred from the
 * username: they arrive in `user.groups`, as the authenticator set them.
 */
export function appliesTo(subject: BindingSubject, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case "User":
      return user.name === subject.name;
    case "Group":
      return user.groups.includes(subject.name);
    case "ServiceAccount": {
      const namespace = subjectServiceAccountNamespace(subject, bindingNamespace);
      return namespace !== "" && isServiceAccountUsername(user.name, namespace, subject.name);
    }
    default:
      return false;
  }
}

/** The namespace a ServiceAccount subject means: its own, else the binding's ("" when neither is set). */
export function subjectServiceAccountNamespace(subject: BindingSubject, bindingNamespace: string): string {
  return subject.namespace ? subject.namespace : bindingNamespace;
}

/** The first subject of a binding that names the user: the one Kubernetes names in its reason annotation. */
export function firstApplyingSubject(
  subjects: readonly BindingSubject[] | undefined,
  user: UserInfo,
  bindingNamespace: string,
): BindingSubject | undefined {
  return subjects?.find((s) => appliesTo(s, user, bindingNamespace));
}
