// Waivers kept with a version and the waiver parts of a recorded verdict: checked alike by both stores and by import,
// so that what the gate later reads back is what `publish --waivers` parsed.

import { explainExpiryText, type Notice, type Verdict, type WaivedChange, type Waiver } from '../../contracts/index.js';
import { StoreError } from './errors.js';

/** The most waivers one version carries: a waivers file is a short list of accepted exceptions, not a second contract. */
const MAX_WAIVERS = 500;
/** The longest text in one waiver field (a reason, a field path, a file name). */
const MAX_WAIVER_TEXT = 2000;

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const OPTIONAL = ['consumer', 'field'] as const;

/** Why a value is not a waiver list, or undefined when it is one. */
function explainWaivers(waivers: unknown): string | undefined {
  if (!Array.isArray(waivers)) return 'waivers must be a list';
  if (waivers.length > MAX_WAIVERS) return `a version carries at most ${MAX_WAIVERS} waivers, not ${waivers.length}`;
  for (const [index, waiver] of waivers.entries()) {
    const problem = explainWaiver(waiver);
    if (problem) return `waiver ${index + 1}: ${problem}`;
  }
  return undefined;
}

function explainWaiver(w: unknown): string | undefined {
  if (w === null || typeof w !== 'object' || Array.isArray(w)) return 'must be an object';
  const value = w as Record<string, unknown>;
  const isText = (v: unknown) => typeof v === 'string' && v.trim() !== '' && v.length <= MAX_WAIVER_TEXT;
  if (!isText(value.rule) || !RULE_ID.test(value.rule as string)) return 'rule must be a rule id';
  if (!isText(value.operation)) return 'operation must be "METHOD /path" or "*"';
  for (const key of OPTIONAL) if (value[key] !== undefined && !isText(value[key])) return `${key} must be a non-empty string when given`;
  if (!isText(value.reason)) return 'reason must be a non-empty string';
  if (typeof value.expires !== 'string' || explainExpiryText(value.expires)) return 'expires must be a date YYYY-MM-DD or an RFC 3339 date-time with an offset';
  if (!isText(value.file)) return 'file must name the waivers file';
  if (!Number.isSafeInteger(value.line) || (value.line as number) < 1) return 'line must be a positive integer';
  return undefined;
}

/** Throws ERR_VERSION_INVALID naming the version when `waivers` is not a list of waivers. */
export function assertWaivers(service: string, version: string, waivers: unknown): void {
  const problem = explainWaivers(waivers);
  if (problem) throw new StoreError('ERR_VERSION_INVALID', `invalid waivers of ${service} ${version}: ${problem}`, { service, version });
}

/** Only the fields a waiver has, in one order: what is stored, and what an export writes. */
export function cleanWaivers(waivers: readonly Waiver[]): Waiver[] {
  return waivers.map((w) => ({
    rule: w.rule,
    operation: w.operation,
    ...(w.consumer !== undefined && { consumer: w.consumer }),
    ...(w.field !== undefined && { field: w.field }),
    reason: w.reason,
    expires: w.expires,
    file: w.file,
    line: w.line,
  }));
}

/** Equal for two lists that waive the same things: where they are written (file, line) is not part of what a version is. */
export function identifyWaivers(waivers: readonly Waiver[] | undefined): string {
  return JSON.stringify(cleanWaivers(waivers ?? []).map(({ file: _file, line: _line, ...what }) => what));
}

/** The text a store keeps in the version's `waivers` column: null for none, so a version without waivers reads back without. */
export function stringifyWaivers(waivers: readonly Waiver[] | undefined): string | null {
  return waivers && waivers.length > 0 ? JSON.stringify(cleanWaivers(waivers)) : null;
}

/** The waiver parts of a verdict as the columns hold them (JSON text): null when the version carried no waivers. */
export function stringifyWaived(verdict: Pick<Verdict, 'waived' | 'notices'>): [string | null, string | null] {
  return [verdict.waived ? JSON.stringify(verdict.waived) : null, verdict.notices ? JSON.stringify(verdict.notices) : null];
}

/** Whether a value read from a dump is the waived part of a verdict. */
export function isWaivedList(value: unknown): value is WaivedChange[] {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  return (
    Array.isArray(value) &&
    value.every(
      (w) =>
        isObject(w) &&
        typeof w.consumer === 'string' &&
        typeof w.consumerVersion === 'string' &&
        isObject(w.change) &&
        typeof w.change.id === 'string' &&
        typeof w.change.message === 'string' &&
        isObject(w.waiver) &&
        typeof w.waiver.reason === 'string' &&
        typeof w.waiver.expires === 'string',
    )
  );
}

/** Whether a value read from a dump is a verdict's list of notices. */
export function isNoticeList(value: unknown): value is Notice[] {
  return Array.isArray(value) && value.every((n) => n !== null && typeof n === 'object' && typeof n.code === 'string' && typeof n.message === 'string');
}
