import type { BindingRefJson, Subject } from "../recommend/schema.ts";

/** Single-quotes for a POSIX shell: nothing inside is interpreted, a quote is closed, escaped, reopened. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function resourceArgs(binding: BindingRefJson): string {
  const kind = binding.kind.toLowerCase();
  return binding.namespace ? `${kind} ${shellQuote(binding.name)} -n ${shellQuote(binding.namespace)}` : `${kind} ${shellQuote(binding.name)}`;
}

/**
 * A jq test for the binding entries that name the subject, as the authorizer matches them: a ServiceAccount
 * entry without a namespace means the RoleBinding's own, and a User entry may carry the account's username.
 */
function entryTest(subject: Subject, binding: BindingRefJson): string {
  const is = (field: string, value: string) => `.${field} == ${JSON.stringify(value)}`;
  if (subject.kind !== "ServiceAccount") return `(${is("kind", subject.kind)} and ${is("name", subject.name)})`;
  const namespace = subject.namespace ?? "";
  const sameNamespace =
    binding.namespace === namespace ? `((.namespace // "") | . == ${JSON.stringify(namespace)} or . == "")` : is("namespace", namespace);
  const username = `system:serviceaccount:${namespace}:${subject.name}`;
  return `(${is("kind", "ServiceAccount")} and ${is("name", subject.name)} and ${sameNamespace}) or (${is("kind", "User")} and ${is("name", username)})`;
}

/** Deletes a binding that names no one else. */
export function deleteCommand(binding: BindingRefJson): string {
  return `kubectl delete ${resourceArgs(binding)}`;
}

/**
 * Edits the subject out of a shared binding. `kubectl replace` sends the resourceVersion it read, so a
 * binding changed in between is refused rather than overwritten.
 */
export function removeSubjectCommand(subject: Subject, binding: BindingRefJson): string {
  const program = `.subjects |= map(select((${entryTest(subject, binding)}) | not))`;
  return `kubectl get ${resourceArgs(binding)} -o json | jq ${shellQuote(program)} | kubectl replace -f -`;
}
