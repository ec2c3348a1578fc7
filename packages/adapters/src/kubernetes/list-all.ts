/** One page of a Kubernetes list response, as the generated client returns it. */
export interface ListPage<T> {
  items: T[];
  metadata?: { _continue?: string };
}

export type ListCall<T> = (page: { limit: number; _continue?: string }) => Promise<ListPage<T>>;

/** Every item of a list, page by page with `limit`/`continue`, so a big cluster never needs one huge response. */
export async function listAll<T>(call: ListCall<T>, limit = 500): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await call(token === undefined ? { limit } : { limit, _continue: token });
    items.push(...page.items);
    token = page.metadata?._continue || undefined;
  } while (token);
  return items;
}
