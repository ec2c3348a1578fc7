import { epochDay } from "../usage/usage.ts";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface CoverageInput {
  /** UTC epoch days that have at least one request. */
  days: readonly number[];
  window: { from: number; to: number };
  /** Newest request time, if any. */
  newest?: number;
  /** When freshness is judged; the CLI on files judges against the newest event, so it passes `newest`. */
  now: number;
  /** No request for longer than this means the audit feed stopped. */
  maxSilenceHours: number;
}

export interface Coverage {
  /** Removals may be recommended only when the data is complete and fresh. */
  complete: boolean;
  /** First day of data in the window: collection may have started after the window's start. */
  observedFrom?: string;
  observedDays: number;
  missingDays: string[];
  stale: boolean;
  reasons: string[];
}

/**
 * Whether the audit data can back a removal: no missing UTC day between the first day of data in the
 * window and its end, and a request within `maxSilenceHours` of `now`. Unused-looking access during a
 * gap may simply be unrecorded, so removing it would be a guess.
 */
export function assessCoverage(input: CoverageInput): Coverage {
  const inWindow = input.days.filter((d) => d >= epochDay(input.window.from) && d <= epochDay(input.window.to));
  if (inWindow.length === 0) {
    return { complete: false, observedDays: 0, missingDays: [], stale: true, reasons: ["no audit data in the window"] };
  }
  const first = Math.min(...inWindow);
  const present = new Set(inWindow);
  const missingDays: string[] = [];
  for (let d = first; d <= epochDay(input.window.to); d++) if (!present.has(d)) missingDays.push(isoDay(d));
  const silence = input.newest === undefined ? Infinity : input.now - input.newest;
  const stale = silence > input.maxSilenceHours * HOUR_MS;
  const reasons = [
    ...(missingDays.length > 0 ? [`audit data missing for ${missingDays.length} day(s): ${summarise(missingDays)}`] : []),
    ...(stale ? [`no audit data for ${Math.round(silence / HOUR_MS)} h (limit ${input.maxSilenceHours} h)`] : []),
  ];
  return { complete: reasons.length === 0, observedFrom: isoDay(first), observedDays: present.size, missingDays, stale, reasons };
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function summarise(days: string[]): string {
  return days.length <= 5 ? days.join(", ") : `${days.slice(0, 5).join(", ")} …`;
}
