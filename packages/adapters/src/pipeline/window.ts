const DAY_MS = 86_400_000;

export interface NightlyWindow {
  from: number;
  to: number;
  days: number;
}

/** `days` whole UTC days ending with today: usage is kept per UTC day, so the window starts at midnight. */
export function nightlyWindow(now: Date, days: number): NightlyWindow {
  if (!Number.isInteger(days) || days < 1) throw new Error(`window must be a whole number of days >= 1, got ${days}`);
  const today = Math.floor(now.getTime() / DAY_MS);
  return { from: (today - days + 1) * DAY_MS, to: now.getTime(), days };
}
