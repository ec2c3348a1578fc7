import type { Outcome, UserInfo } from "../audit/request.ts";

/** Who made a request and how it was decided: what thousands of cells share. */
export interface Principal {
  user: UserInfo;
  outcome: Outcome;
  reason: string | undefined;
}

/** Identity lookups are a cache over the exact table; bounded so one-off users cannot grow it without end. */
const MAX_CACHED_USERS = 100_000;

/**
 * Numbers principals so each usage cell stores a small id instead of the user, its groups and the reason
 * annotation (which alone is ~80 characters). The decoder shares one UserInfo object per identity, so the
 * common case is a lookup by object identity; the exact table behind it keeps equal principals one id.
 */
export class PrincipalTable {
  /** user → outcome → reason → id: nested rather than one concatenated key, so a lookup builds no string. */
  private readonly byUser = new Map<UserInfo, Map<Outcome, Map<string | undefined, number>>>();
  private readonly byText = new Map<string, number>();
  readonly list: Principal[] = [];

  id(user: UserInfo, outcome: Outcome, reason: string | undefined): number {
    let decisions = this.byUser.get(user);
    let byReason = decisions?.get(outcome);
    const cached = byReason?.get(reason);
    if (cached !== undefined) return cached;
    // Only on an identity miss: unambiguous whatever characters names hold.
    const text = JSON.stringify([user.name, user.groups, outcome, reason ?? null]);
    let id = this.byText.get(text);
    if (id === undefined) {
      id = this.list.push({ user: { name: user.name, groups: [...user.groups] }, outcome, reason }) - 1;
      this.byText.set(text, id);
    }
    if (!decisions) {
      if (this.byUser.size >= MAX_CACHED_USERS) this.byUser.clear();
      this.byUser.set(user, (decisions = new Map()));
    }
    if (!byReason) decisions.set(outcome, (byReason = new Map()));
    byReason.set(reason, id);
    return id;
  }

  get(id: number): Principal {
    const principal = this.list[id];
    if (!principal) throw new Error(`corrupt usage: no principal ${id}`);
    return principal;
  }
}
