/**
 * One shared, read-only UserInfo per distinct (username, groups): a cluster has hundreds of identities
 * and millions of requests, so requests share them instead of each carrying its own copy.
 */
import type { UserInfo } from "./request.ts";

/** Forget everything past this many identities, so that a log of one-off users cannot grow memory. */
const MAX_USERS = 50_000;

export class UserInfos {
  private readonly byName = new Map<string, UserInfo[]>();
  private size = 0;

  of(name: string, groups: readonly string[]): UserInfo {
    const known = this.byName.get(name);
    if (known !== undefined) {
      for (const user of known) if (sameGroups(user.groups, groups)) return user;
    }
    if (this.size >= MAX_USERS) {
      this.byName.clear();
      this.size = 0;
    }
    const user: UserInfo = { name, groups: groups.slice() };
    const list = this.byName.get(name);
    if (list === undefined) this.byName.set(name, [user]);
    else list.push(user);
    this.size++;
    return user;
  }
}

function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
