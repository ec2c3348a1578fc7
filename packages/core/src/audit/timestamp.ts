/**
 * RFC 3339 timestamps as the API server writes them (`2024-05-01T10:00:01.000001Z`, any fraction length,
 * `Z` or an offset) to ms since the epoch, read from character codes so that no Date or string is made
 * per event. Fractions beyond milliseconds are truncated. NaN when the text is not such a timestamp.
 */

/** Character codes of the text, e.g. the bytes of a JSON string without escapes. */
export function parseTimestamp(c: ArrayLike<number>, start: number, end: number): number {
  if (end - start < 20 || c[start + 4] !== 0x2d || c[start + 7] !== 0x2d || c[start + 13] !== 0x3a || c[start + 16] !== 0x3a) return NaN;
  if ((c[start + 10]! | 0x20) !== 0x74) return NaN;
  const year = digits(c, start, 4);
  const month = digits(c, start + 5, 2);
  const day = digits(c, start + 8, 2);
  const hour = digits(c, start + 11, 2);
  const minute = digits(c, start + 14, 2);
  const second = digits(c, start + 17, 2);
  const inRange = year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 &&
    minute >= 0 && minute <= 59 && second >= 0 && second <= 60;
  if (!inRange) return NaN;
  let i = start + 19;
  let ms = 0;
  if (c[i] === 0x2e) {
    const fractionStart = ++i;
    while (i < end && isDigit(c[i]!)) i++;
    if (i === fractionStart) return NaN;
    ms = millisOfFraction(c, fractionStart, i);
  }
  const offset = offsetMinutes(c, i, end);
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offset) * 60000 + second * 1000 + ms;
}

/** The same for a string (the reference reader, and strings written with escapes). */
export function parseTimestampText(text: string): number {
  const codes = new Array<number>(text.length);
  for (let k = 0; k < text.length; k++) codes[k] = text.charCodeAt(k);
  return parseTimestamp(codes, 0, codes.length);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The value of n decimal digits, or a large negative number if one is not a digit. */
function digits(c: ArrayLike<number>, at: number, n: number): number {
  let v = 0;
  for (let k = at; k < at + n; k++) {
    const d = c[k]! - 0x30;
    if (d < 0 || d > 9) return -1e9;
    v = v * 10 + d;
  }
  return v;
}

function millisOfFraction(c: ArrayLike<number>, start: number, end: number): number {
  let ms = 0;
  for (let k = 0; k < 3; k++) ms = ms * 10 + (start + k < end ? c[start + k]! - 0x30 : 0);
  return ms;
}

/** `Z` → 0, `+hh:mm` / `-hh:mm` → minutes east of UTC; NaN when anything else (or anything after it). */
function offsetMinutes(c: ArrayLike<number>, i: number, end: number): number {
  if (i === end - 1 && (c[i]! | 0x20) === 0x7a) return 0;
  if (i !== end - 6 || c[i + 3] !== 0x3a) return NaN;
  const sign = c[i] === 0x2b ? 1 : c[i] === 0x2d ? -1 : NaN;
  const hours = digits(c, i + 1, 2);
  const minutes = digits(c, i + 4, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  return sign * (hours * 60 + minutes);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
