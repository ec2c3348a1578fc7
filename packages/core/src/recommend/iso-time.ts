/**
 * `new Date(ms).toISOString()`, without a Date per call: evidence formats two times for each of ~10^5
 * permissions, and the calendar date of a UTC day is all that needs a Date. Exactly toISOString's text
 * (years 0000-9999, whole milliseconds); anything else goes through Date.
 */
const DAY_MS = 86_400_000;
const LAST_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
const datePrefixes = new Map<number, string>();

export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > LAST_MS) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11); // "YYYY-MM-DDT"
    // Bounded: a report covers days, not years; a cache this size never matters for memory.
    if (datePrefixes.size >= 4096) datePrefixes.clear();
    datePrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return `${prefix}${two(hour)}:${two(minute)}:${two(second)}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}
