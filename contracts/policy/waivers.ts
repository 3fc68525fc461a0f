// `--waivers FILE`: a YAML list of accepted changes, each scoped to a rule and an operation (and
// optionally a consumer and a field), with a reason and an expiry date. Pure: text in, data out.
import { isKnownRule } from '../format/rule-info.js';
import { readYaml, type YamlLines, YamlReadError } from '../load/yaml-read.js';
import { USE_WAIVER_CODES } from '../model.js';
import { describeGuess, findNearestName } from '../usage/nearest-name.js';
import { parseOperationRef } from '../usage/shape.js';
import { PolicyError, type PolicyProblem } from './error.js';
import { explainExpiryText } from './expiry.js';

/** One waiver as read from the file, with where it is so notices can name it. */
export interface Waiver {
  rule: string;
  /**
   * `METHOD /path` (any path parameter names), `*` for every operation and the document, or an operationId: the gate
   * names a use declared by operationId so where the contract lacks it (operation-missing), and only so.
   */
  operation: string;
  consumer?: string;
  field?: string;
  reason: string;
  /** `YYYY-MM-DD`, the last day the waiver waives (UTC), or an RFC 3339 date-time with an offset, when it stops (policy/expiry.ts). */
  expires: string;
  file: string;
  line: number;
}

/** The gate's reason codes a waiver may name, for one consumer (gate-waivers.ts): read from the codes' own table. */
const USE_RULES: readonly string[] = USE_WAIVER_CODES;

const KEYS = ['rule', 'operation', 'consumer', 'field', 'reason', 'expires'] as const;
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Entry {
  value: Record<string, unknown>;
  index: number;
}

/** Reads a waivers file; an empty file waives nothing. Throws every problem at once, each as `file:line: ...`. */
export function parseWaivers(text: string, file: string): Waiver[] {
  const { data, lines } = loadYaml(text, file);
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) {
    throw new PolicyError('ERR_WAIVER_INVALID', [{ file, line: 1, message: 'expected a list of waivers ("- rule: ..." entries)' }]);
  }
  const problems: PolicyProblem[] = [];
  const waivers: Waiver[] = [];
  data.forEach((value, index) => {
    const line = lines.lineOf([index]);
    if (!isRecord(value)) {
      problems.push({ file, line, message: 'a waiver is a mapping with rule, operation, reason and expires' });
      return;
    }
    const found = checkEntry({ value, index }, file, lines);
    problems.push(...found);
    if (found.length === 0) waivers.push(toWaiver(value, file, line));
  });
  if (problems.length > 0) throw new PolicyError('ERR_WAIVER_INVALID', problems);
  return waivers;
}

/** `api-path-removed-without-deprecation on GET /users/{id} for billing (waivers.yaml:3)`: how notices name a waiver. */
export function describeWaiverEntry(waiver: Waiver): string {
  const consumer = waiver.consumer ? ` for ${waiver.consumer}` : '';
  const field = waiver.field ? ` field ${waiver.field}` : '';
  return `${waiver.rule} on ${waiver.operation}${field}${consumer} (${waiver.file}:${waiver.line})`;
}

/** Whether a waiver's rule is one something overseer reports can carry: a rule id, or a gate reason code a waiver may name. */
export function isCheckedRule(rule: string): boolean {
  return rule === 'deployed-contract-unknown' || USE_RULES.includes(rule) || isKnownRule(rule);
}

/** What to do about a waiver that matched nothing: a rule id the engine never reports is the likeliest typo, so it is named. */
export function adviseUnused(waiver: Waiver): string {
  if (waiver.rule === 'deployed-contract-unknown') {
    return 'a deployed-contract-unknown waiver accepts a consumer of everything ("*") while no contract of the provider live there is known: its operation must be "*" and its consumer that service; check them, or remove it';
  }
  if (USE_RULES.includes(waiver.rule)) {
    return `a ${waiver.rule} waiver accepts only a use that every live version already failed (a change of this version is waived by its rule id): check its consumer, operation and field, or remove it`;
  }
  if (isCheckedRule(waiver.rule)) return 'check its rule, operation, consumer and field, or remove it';
  return `"${waiver.rule}" is not a rule overseer checks (docs/RULES.md lists them): correct it, or remove the waiver`;
}

// The core schema: `expires: 2025-01-01` stays a string instead of becoming a Date at midnight UTC.
function loadYaml(text: string, file: string): { data: unknown; lines: YamlLines } {
  let read: ReturnType<typeof readYaml>;
  try {
    read = readYaml(text);
  } catch (e) {
    if (!(e instanceof YamlReadError)) throw e;
    throw new PolicyError('ERR_WAIVER_INVALID', [{ file, line: e.line ?? 1, message: e.message }]);
  }
  if (read.docs.length > 1)
    throw new PolicyError('ERR_WAIVER_INVALID', [{ file, line: read.lines.lineOf([], 1), message: 'a waivers file is one YAML document' }]);
  const duplicate = read.lines.duplicates[0];
  if (duplicate) {
    const message = `key "${duplicate.path.at(-1)}" is written twice in one waiver (first on line ${duplicate.firstLine})`;
    throw new PolicyError('ERR_WAIVER_INVALID', [{ file, line: duplicate.line, message }]);
  }
  return { data: read.docs[0], lines: read.lines };
}

function checkEntry(entry: Entry, file: string, lines: YamlLines): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const at = (key: string, message: string) => problems.push({ file, line: lines.lineOf([entry.index, key]), message });
  for (const key of Object.keys(entry.value)) {
    if (!(KEYS as readonly string[]).includes(key)) at(key, explainUnknownKey(key));
  }
  const { value } = entry;
  const check = (key: string, explain: (given: unknown) => string | undefined) => {
    const problem = explain(value[key]);
    if (problem) at(key, problem);
  };
  check('rule', explainRule);
  const badOperation = explainWaiverOperation(value);
  if (badOperation) at('operation', badOperation);
  if (value.consumer !== undefined && !isText(value.consumer)) at('consumer', `consumer must be a service name, not ${shown(value.consumer)}`);
  const lacking = explainMissingConsumer(value);
  if (lacking) at('rule', lacking);
  if (value.field !== undefined && (!isText(value.field) || /\s/.test(value.field))) {
    at('field', `field must be a field path (address.city, items[].sku) or a parameter name, not ${shown(value.field)}`);
  }
  check('reason', explainReason);
  check('expires', explainExpires);
  return problems;
}

// The guess is the one every other key typo gets (usage/nearest-name.ts): a waiver whose `consumr` was dropped would
// have waived the change for every consumer, so the key it meant is worth naming. The registry, which reads a waiver as
// JSON with where it is written (`file`, `line`), names its own keys.
export function explainUnknownKey(key: string, keys: readonly string[] = KEYS): string {
  const guess = findNearestName(key, keys);
  const known = keys.join(', ');
  return guess === undefined ? `unknown key "${key}": a waiver has ${known}` : `unknown key "${key}"${describeGuess(guess)} A waiver has ${known}`;
}

/**
 * Why a waiver naming a gate reason code has no `consumer`, or undefined: without one it would match nothing at the gate.
 * The CLI says it at the waiver's line, the registry for the waiver it was sent (overseer/routes/waiver-checks.ts).
 */
export function explainMissingConsumer(waiver: { rule?: unknown; consumer?: unknown }): string | undefined {
  // A refused use is one consumer's: accepting it for every consumer would hide the next team's mistake too.
  if (waiver.consumer !== undefined || !USE_RULES.includes(waiver.rule as string)) return undefined;
  return `a ${waiver.rule} waiver needs a consumer, the service whose use it accepts (add a line like "consumer: checkout-web"): without one it matches nothing`;
}

/**
 * An operation-missing waiver naming an operationId: the gate names a use declared by operationId so when the contract
 * lacks it (there is no `METHOD /path` to say), so only this waiver can accept it without `"*"`. Any other rule's
 * changes are named `METHOD /path`, and an operationId there would match nothing: refused as before.
 */
function isOperationIdWaiver(waiver: { rule?: unknown; operation?: unknown }): boolean {
  if (waiver.rule !== 'operation-missing' || !isText(waiver.operation)) return false;
  const ref = parseOperationRef(waiver.operation);
  return ref !== undefined && 'operationId' in ref;
}

/** Why a waiver's operation names nothing it could match, or undefined; the registry asks it of a waiver sent over HTTP too. */
export function explainWaiverOperation(waiver: { rule?: unknown; operation?: unknown }): string | undefined {
  return isOperationIdWaiver(waiver) ? undefined : explainOperation(waiver.operation);
}

// Each explainer tells a missing key from a value that is present but wrong, and quotes the value given.
function explainRule(rule: unknown): string | undefined {
  if (rule === undefined) return 'rule is required: a rule id, like api-path-removed-without-deprecation';
  if (isText(rule) && RULE_ID.test(rule)) return undefined;
  return `rule ${shown(rule)} is not a rule id: ids are lowercase words joined by dashes, like api-path-removed-without-deprecation`;
}

function explainOperation(operation: unknown): string | undefined {
  if (operation === undefined) return 'operation is required: "METHOD /path", or "*" for every operation';
  if (isText(operation) && operation.trim() === '*') return undefined;
  const ref = isText(operation) ? parseOperationRef(operation) : undefined;
  if (ref && 'method' in ref) return undefined;
  return `operation ${shown(operation)} must be "METHOD /path" (like "GET /users/{id}") or "*"`;
}

function explainReason(reason: unknown): string | undefined {
  if (reason === undefined) return 'reason is required: say why the change is accepted';
  return isText(reason) ? undefined : `reason must be a sentence saying why the change is accepted, not ${shown(reason)}`;
}

function explainExpires(expires: unknown): string | undefined {
  if (expires === undefined) return 'expires is required, as a date YYYY-MM-DD or a date-time with an offset: every waiver ends';
  if (typeof expires !== 'string') return `expires must be a date YYYY-MM-DD, not ${shown(expires)}`;
  // A time written after the day: read exactly, with its offset, or refused (policy/expiry.ts).
  if (/^\d{4}-\d{2}-\d{2}[Tt ]/.test(expires)) return explainExpiryText(expires);
  const parts = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(expires);
  if (!parts)
    return `expires "${expires}" is not a date: write it YYYY-MM-DD, like 2027-01-31, or as a date-time with an offset, like 2027-01-31T18:00:00+09:00`;
  const padded = `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}`;
  if (!isDate(padded)) return `expires "${expires}" is not a day of the calendar: ${explainDay(parts)}`;
  if (padded !== expires) return `expires "${expires}" must be written with two-digit month and day: ${padded}`;
  return undefined;
}

// Why a YYYY-M-D that looks like a date is not one: the month, or the days that month has.
function explainDay(parts: RegExpExecArray): string {
  const [year, month] = [Number(parts[1]), Number(parts[2])];
  if (month < 1 || month > 12) return `there is no month ${parts[2]}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${MONTHS[month - 1]} ${year} has ${days} days`;
}

/** A value as the user wrote it, for messages: strings quoted, other YAML values as JSON, long ones cut. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  if (value === null) return 'an empty value';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return String(value);
}

function toWaiver(value: Record<string, unknown>, file: string, line: number): Waiver {
  const ref = parseOperationRef(String(value.operation));
  const operation = !ref ? '*' : 'method' in ref ? `${ref.method} ${ref.path}` : ref.operationId;
  return {
    rule: value.rule as string,
    operation,
    ...(value.consumer !== undefined ? { consumer: (value.consumer as string).trim() } : {}),
    ...(value.field !== undefined ? { field: (value.field as string).trim() } : {}),
    reason: (value.reason as string).trim(),
    expires: value.expires as string,
    file,
    line,
  };
}

// A real calendar day: 2025-02-30 is refused rather than read as March 2nd.
function isDate(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
