import type { UserInfo } from "../audit/request.ts";
import { serviceAccountUsername } from "../subject.ts";
import { subjectServiceAccountNamespace } from "./applies-to.ts";
import type { Binding, BindingSubject } from "./model.ts";

/**
 * The bindings of one scope (all ClusterRoleBindings, or the RoleBindings of one namespace), indexed by the
 * usernames and groups their subjects name, so that evaluating a request touches only bindings that can apply.
 */
export class BindingIndex<B extends Binding> {
  private readonly byUsername = new Map<string, number[]>();
  private readonly byGroup = new Map<string, number[]>();

  constructor(
    readonly bindings: readonly B[],
    /** "" for ClusterRoleBindings. */
    readonly namespace: string,
  ) {
    bindings.forEach((binding, i) => {
      for (const subject of binding.subjects ?? []) this.add(subject, i);
    });
  }

  /**
   * Bindings that may name the user, in snapshot order: Kubernetes visits them in its informer cache's order,
   * which has no meaning; a stable order keeps "the first grant" reproducible.
   */
  candidates(user: UserInfo): B[] {
    const hits = new Set<number>(this.byUsername.get(user.name));
    for (const group of user.groups) for (const i of this.byGroup.get(group) ?? []) hits.add(i);
    return [...hits].sort((a, b) => a - b).map((i) => this.bindings[i]!);
  }

  private add(subject: BindingSubject, i: number): void {
    const key = this.keyOf(subject);
    if (key === undefined) return;
    const map = subject.kind === "Group" ? this.byGroup : this.byUsername;
    const list = map.get(key);
    if (list === undefined) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  }

  /** ServiceAccount subjects are filed under the username their tokens authenticate as. */
  private keyOf(subject: BindingSubject): string | undefined {
    switch (subject.kind) {
      case "User":
      case "Group":
        return subject.name;
      case "ServiceAccount": {
        const namespace = subjectServiceAccountNamespace(subject, this.namespace);
        return namespace === "" ? undefined : serviceAccountUsername(namespace, subject.name);
      }
      default:
        return undefined;
    }
  }
}
