// When a waiver stops holding, read once for every place that applies waivers (diff, check, can-i-deploy, the Action):
// `expires` is a UTC day (it holds until 24:00 UTC) or an RFC 3339 date-time with its offset, read to the second.
import type { Notice } from '../model.js';
import { describeWaiverEntry, type Waiver } from './waivers.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 section 5.6: a `T` (or `t`) between date and time, seconds required, an offset `Z` or `+hh:mm` required.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
const DAY_MS = 86_400_000;

/** The instant (milliseconds since the epoch) the waiver stops waiving, or undefined for text that is neither form. */
function readExpiryEnd(expires: string): number | undefined {
  const day = DAY.exec(expires);
  if (day) return isCalendarDay(day) ? Date.parse(`${expires}T00:00:00Z`) + DAY_MS : undefined;
  const at = DATE_TIME.exec(expires);
  if (!at || !isCalendarDay(at)) return undefined;
  const [hour, minute, second] = [Number(at[4]), Number(at[5]), Number(at[6])];
  // No leap second: a waiver that ends at 23:59:60 is one the reader cannot place, so it is refused, not rounded.
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (at[9] !== undefined && (Number(at[9]) > 23 || Number(at[10]) > 59)) return undefined;
  return Date.parse(expires.toUpperCase());
}

/** Why `expires` text is neither a day nor a date-time with an offset, or undefined when it is one of them. */
export function explainExpiryText(expires: string): string | undefined {
  if (readExpiryEnd(expires) !== undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/.test(expires) && !/([Zz]|[+-]\d{2}:\d{2})$/.test(expires)) {
    return `expires "${expires}" has no offset, so the instant it names depends on who reads it: add one (Z for UTC, or +09:00), like 2027-01-31T18:00:00+09:00`;
  }
  return `expires "${expires}" is neither a day YYYY-MM-DD (it holds until 24:00 UTC) nor an RFC 3339 date-time with an offset, like 2027-01-31T18:00:00+09:00`;
}

/** The clock as the waivers read it: an instant, from `now` (an ISO 8601 instant) or, without one, the first moment of `today` (UTC). */
export function readClock(now: string | undefined, today: string | undefined): number {
  if (now !== undefined) return Date.parse(now);
  return today !== undefined ? Date.parse(`${today}T00:00:00Z`) : Date.now();
}

/** Whether the waiver still waives at `clock`. */
export function isWaiverActive(waiver: Pick<Waiver, 'expires'>, clock: number): boolean {
  return clock < (readExpiryEnd(waiver.expires) ?? Number.NEGATIVE_INFINITY);
}

/** Whether an active waiver stops within a day of `clock`: for a day, exactly when that day is today (UTC). */
export function endsWithinADay(waiver: Pick<Waiver, 'expires'>, clock: number): boolean {
  const end = readExpiryEnd(waiver.expires);
  return end !== undefined && clock < end && end - clock <= DAY_MS;
}

/**
 * When a waiver ends, in one form whatever form it was written in, for readers in any time zone (Slack, the dashboard):
 * `2027-01-31 24:00 UTC` for a day, `2027-01-31 09:00 UTC` for `2027-01-31T18:00:00+09:00`; text that is neither, as written.
 */
export function describeExpiry(expires: string): string {
  if (DAY.test(expires)) return `${expires} 24:00 UTC`;
  const end = readExpiryEnd(expires);
  if (end === undefined) return expires;
  const at = new Date(end).toISOString();
  const seconds = at.slice(16, 19) === ':00' ? '' : at.slice(16, 19);
  return `${at.slice(0, 10)} ${at.slice(11, 16)}${seconds} UTC`;
}

/** The earliest to stop of several waivers' `expires`, as written. */
export function firstToExpire(expiries: readonly string[]): string | undefined {
  const end = (text: string) => readExpiryEnd(text) ?? Number.NEGATIVE_INFINITY;
  return [...expiries].sort((a, b) => end(a) - end(b))[0];
}

/**
 * The notice of a waiver that waived something and stops within a day: the day form is read in UTC, so a team ahead of
 * it whose waiver ended at its own midnight still gets a yes for hours; the instant is said, so the yes is read for what it is.
 */
export function noticeLastDay(waiver: Waiver): Notice {
  const until = DAY.test(waiver.expires)
    ? `expires today (${waiver.expires}): it waives until 24:00 UTC, whatever the time zone it was written in`
    : `expires at ${waiver.expires} (${new Date(readExpiryEnd(waiver.expires)!).toISOString().slice(0, 19).replace('T', ' ')} UTC), within a day: it waives until then`;
  return {
    code: 'waiver-last-day',
    message: `the waiver of ${describeWaiverEntry(waiver)} ${until}; from then on the change refuses`,
    file: waiver.file,
    line: waiver.line,
  };
}

function isCalendarDay(parts: RegExpExecArray): boolean {
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
