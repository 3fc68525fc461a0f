// A gate verdict as text, JSON or Markdown, and the exit code it means. Pure.

import {
  type Change,
  DECISIONS,
  decisionOf,
  describeExpiry,
  EMPTY_ENVIRONMENT_NOTICE,
  foldRepeatedReasons,
  type Notice,
  type Verdict,
  type VerdictReason,
  type WaivedChange,
} from '../../contracts/index.js';
import { CommandError, EXIT } from '../io.js';
import type { ReportFormat } from './registry-options.js';

const MAX_CHANGES_SHOWN = 10;
// contracts/gate.ts names up to three changes in a breaks-consumer message.
const SUMMARISED_IN_MESSAGE = 3;

/**
 * The registry's answer as a verdict, or an error (exit 2) when it is not one: a wrong OVERSEER_URL (another service, a
 * proxy's page) that answers 200 must never print "DEPLOYABLE" for an answer nobody gave. An older registry sends no
 * `decision`; its reasons and subject must be there, since the decision is then read from them.
 */
export function readVerdict<T>(answer: T, registry: string, asked: string): T & Verdict {
  const v = answer as Partial<Verdict> | null;
  const shaped =
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.reasons) &&
    v.reasons.every((r) => typeof r === 'object' && r !== null && typeof r.code === 'string' && typeof r.severity === 'string') &&
    [v.service, v.version, v.environment].every((x) => typeof x === 'string') &&
    (v.decision === undefined || (DECISIONS as readonly string[]).includes(v.decision));
  if (shaped) return answer as T & Verdict;
  throw new CommandError(
    'ERR_REGISTRY_RESPONSE',
    `the registry at ${registry} answered ${asked} with something that is not a verdict: is it an Overseer registry? (--registry, OVERSEER_URL)`,
  );
}

/**
 * A verdict about the version asked, or an error (exit 2): a cache or proxy in front of the registry that hands back the
 * answer to another question (another version, another environment) must not print its "DEPLOYABLE" for this one.
 */
export function readVerdictAbout<T>(
  answer: T,
  registry: string,
  asked: string,
  subject: { service: string; version: string; environment: string },
): T & Verdict {
  const verdict = readVerdict(answer, registry, asked);
  const { service, version, environment } = verdict;
  if (service === subject.service && version === subject.version && environment === subject.environment) return verdict;
  throw new CommandError(
    'ERR_REGISTRY_RESPONSE',
    `the registry at ${registry} answered ${asked} about ${service} ${version} in ${environment}, not about the question asked ` +
      `(${subject.service} ${subject.version} in ${subject.environment}): is a cache or proxy in front of it answering another request? (--registry, OVERSEER_URL)`,
  );
}

/** 0 deployable, 1 refused, 2 undecided; a verdict without `decision` (an older registry) is read from its reasons. */
export function exitCodeOf(verdict: Verdict): number {
  const decision = verdict.decision ?? decisionOf(verdict);
  return decision === 'deployable' ? EXIT.safe : decision === 'refused' ? EXIT.blocked : EXIT.noDecision;
}

/**
 * What a verdict was judged against: an environment (can-i-deploy, `check --env`), the latest versions on a branch
 * (`check --branch`), or the latest version of every service (`check` with neither).
 */
type VerdictScope = 'environment' | 'branch' | 'latest';

// `check` with neither flag judges what was published, not what runs: a reader of "to latest versions" took it for an
// environment, and a yes here was taken for the gate's, which also judges the older versions still live.
const LATEST_NOTE =
  'judged against the latest published version of each service, not what is deployed (an older version still live is not judged): ' +
  'check --env ENV judges as can-i-deploy --env ENV will, and is the one to run in CI before a deployment; --branch B judges against a branch';

export function formatVerdict(verdict: Verdict, format: ReportFormat, warnings: Notice[] = [], scope: VerdictScope = 'environment'): string {
  if (format === 'json') return `${JSON.stringify(warnings.length > 0 ? { ...verdict, warnings } : verdict, null, 2)}\n`;
  return format === 'markdown' ? formatMarkdown(verdict, warnings, scope) : formatText(verdict, warnings, scope);
}

function describeSubject(verdict: Verdict, scope: VerdictScope): string {
  const candidate = `${verdict.service} ${verdict.version}`;
  if (scope === 'latest') return `${candidate} against the latest versions`;
  // The registry names a branch scope `branch main`.
  return scope === 'branch' ? `${candidate} against the latest versions on ${verdict.environment}` : `${candidate} to ${verdict.environment}`;
}

function headline(verdict: Verdict, scope: VerdictScope): string {
  const subject = describeSubject(verdict, scope);
  const code = exitCodeOf(verdict);
  if (code === EXIT.noDecision) return `NO DECISION: ${subject}`;
  return code === EXIT.safe ? `DEPLOYABLE: ${subject}` : `NOT DEPLOYABLE: ${subject}`;
}

function countLine(verdict: Verdict, reasons: VerdictReason[], scope: VerdictScope): string {
  // An unknown version is judged by nobody: it blocks nothing, it stops the question being asked (exit 2).
  if (exitCodeOf(verdict) === EXIT.noDecision) return describeUndecided(reasons);
  const errors = reasons.filter((r) => r.severity === 'error').length;
  const others = reasons.length - errors;
  const waived = verdict.waived?.length ?? 0;
  // A waived change did affect a consumer: "nothing is affected" would hide it.
  const notices = verdict.notices?.filter((n) => !n.code.startsWith('waiver-') && n.code !== EMPTY_ENVIRONMENT_NOTICE).length ?? 0;
  // "Nothing deployed there is affected" of a place where nothing was ever recorded would pass for a judgement.
  if (reasons.length === 0 && verdict.notices?.some((n) => n.code === EMPTY_ENVIRONMENT_NOTICE)) return 'nobody judged: no deployment is recorded there, below';
  // Nor would it say the uses the gate did not count (contracts/usage/uncounted-uses.ts), which the notices below name.
  if (reasons.length === 0 && waived === 0 && notices > 0)
    return `nothing counted there is affected; ${notices} use${notices === 1 ? '' : 's'} not counted, below`;
  if (reasons.length === 0 && waived === 0) return scope === 'environment' ? 'nothing deployed there is affected' : 'no service among them is affected';
  const counts = [errors && `${errors} blocking reason${errors === 1 ? '' : 's'}`, others && `${others} note${others === 1 ? '' : 's'}`];
  return [...counts, waived && `${waived} change${waived === 1 ? '' : 's'} waived`].filter(Boolean).join(', ');
}

function describeUndecided(reasons: VerdictReason[]): string {
  const unknown = reasons.find((r) => r.code === 'version-unknown');
  return unknown ? `nothing was judged: ${unknown.provider} ${unknown.providerVersion} is not published` : 'nothing was judged';
}

/** `checkout-web 1.0.0: GET /users/{id}: ... [rule], waived: the reason (until 2025-06-30 24:00 UTC, waivers.yaml:3)` */
function describeWaived(w: WaivedChange): string {
  return `${w.consumer} ${w.consumerVersion}: ${describeChange(w.change)}, waived: ${w.waiver.reason} (until ${describeExpiry(w.waiver.expires)}, ${w.waiver.file}:${w.waiver.line})`;
}

function describeNotice(n: Notice): string {
  if (n.file === undefined) return n.message;
  const where = `${n.file}:${n.line ?? 1}`;
  // A waiver's notice names its file:line inside the message too: the prefix says it once.
  return `${where}: ${n.message.replace(` (${where})`, '')}`;
}

function describeChange(change: Change): string {
  const where = change.operation ? `${change.operation}: ` : '';
  return `${where}${change.message} [${change.id}]`;
}

function formatText(verdict: Verdict, warnings: Notice[], scope: VerdictScope): string {
  const reasons = foldRepeatedReasons(verdict.reasons);
  const lines = [`${headline(verdict, scope)} (${countLine(verdict, reasons, scope)})`];
  if (scope === 'latest') lines.push(`  note: ${LATEST_NOTE}`);
  // `x` marks what blocks; what kept the gate from judging blocks nothing.
  const mark = exitCodeOf(verdict) === EXIT.noDecision ? '?' : 'x';
  for (const reason of reasons) {
    lines.push(`  ${reason.severity === 'error' ? mark : '-'} ${reason.code}: ${reason.message}`);
    lines.push(...describeChanges(reason).map((line) => `      ${line}`));
    if (reason.declaredAt) lines.push(`      ${describeDeclaredAt(reason)}`);
  }
  for (const w of verdict.waived ?? []) lines.push(`  ~ waived for ${describeWaived(w)}`);
  for (const n of verdict.notices ?? []) lines.push(`  notice: ${describeNotice(n)}`);
  for (const w of warnings) lines.push(`  warning: ${w.line ? `line ${w.line}: ` : ''}${w.message}`);
  return `${lines.join('\n')}\n`;
}

function formatMarkdown(verdict: Verdict, warnings: Notice[], scope: VerdictScope): string {
  const code = exitCodeOf(verdict);
  const icon = code === EXIT.safe ? '✅' : code === EXIT.noDecision ? '⚠️' : '❌';
  const reasons = foldRepeatedReasons(verdict.reasons);
  const lines = [`### ${icon} ${headline(verdict, scope)}`, '', `${countLine(verdict, reasons, scope)}.`];
  if (scope === 'latest') lines.push('', `Note: ${LATEST_NOTE}.`);
  if (reasons.length > 0) lines.push('', '| Reason | Severity | Detail |', '| --- | --- | --- |');
  for (const reason of reasons) {
    const where = reason.declaredAt ? [describeDeclaredAt(reason)] : [];
    const detail = [escapeCell(reason.message), ...[...describeChanges(reason), ...where].map((line) => `• ${escapeCell(line)}`)].join('<br>');
    lines.push(`| \`${reason.code}\` | ${reason.severity} | ${detail} |`);
  }
  const waived = verdict.waived ?? [];
  if (waived.length > 0) lines.push('', '**Waived changes**', '', ...waived.map((w) => `- ${escapeCell(describeWaived(w))}`));
  const notices = verdict.notices ?? [];
  if (notices.length > 0) lines.push('', '**Notices**', '', ...notices.map((n) => `- ${escapeCell(describeNotice(n))}`));
  if (warnings.length > 0) lines.push('', '**Contract warnings**', '', ...warnings.map((w) => `- ${w.line ? `line ${w.line}: ` : ''}${escapeCell(w.message)}`));
  return `${lines.join('\n')}\n`;
}

// The registry keeps where a consumer declared the use (`declaredAt`): the file, when published with one, else the line alone.
function describeDeclaredAt({ consumer, consumerVersion, declaredAt }: VerdictReason): string {
  const { file, line, repository } = declaredAt!;
  if (file === undefined) return `declared at line ${line} of the manifest of ${consumer} ${consumerVersion}`;
  return `declared at ${file}:${line}${repository === undefined ? '' : ` in ${repository}`}`;
}

// The reason's message already names its first few changes; below it go their rule ids, or the full list.
function describeChanges(reason: VerdictReason): string[] {
  const changes = reason.changes ?? [];
  if (changes.length === 0) return [];
  if (changes.length <= SUMMARISED_IN_MESSAGE) return [`rule${changes.length === 1 ? '' : 's'}: ${[...new Set(changes.map((c) => c.id))].join(', ')}`];
  const lines = shownChanges(reason).map(describeChange);
  if (changes.length > MAX_CHANGES_SHOWN) lines.push(`... and ${changes.length - MAX_CHANGES_SHOWN} more (--format json lists them all)`);
  return lines;
}

function shownChanges(reason: VerdictReason): Change[] {
  return (reason.changes ?? []).slice(0, MAX_CHANGES_SHOWN);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
