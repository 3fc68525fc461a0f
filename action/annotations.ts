// Workflow commands for the log: each change on its line of the contract (the engine's `github` format),
// each problem with what this service uses on its entry in the manifest, what breaks callers seen in traces, and each
// use the registry did not count.

import {
  type DiffReport,
  escapeProperty,
  findAnnotationSite,
  formatGithub,
  type JudgedChange,
  keyOfLabel,
  type Manifest,
  renderCommand,
  toRepositoryPath,
  type VerdictReason,
} from '../contracts/index.js';
import { findPublished } from './comment-declared.js';
import { listOperationsFor, type Outcome } from './report.js';

type UnmetUse = NonNullable<DiffReport['unmet']>[number];
type Site = { file?: string; line?: number };

export function renderAnnotations(outcome: Outcome, manifest?: Manifest): string {
  const own = outcome.ownReasons.map((reason) => {
    const command = reason.severity === 'error' && outcome.report.failOn !== 'never' ? 'error' : 'warning';
    const properties = { file: outcome.manifest, line: manifest && findLine(manifest, reason), title: `${reason.provider ?? 'provider'}: ${reason.code}` };
    return renderCommand(command, properties, reason.message);
  });
  // Only the commands: the format's closing verdict line would ignore what the service itself uses.
  const report = outcome.report.unmet?.length ? { ...outcome.report, unmet: outcome.report.unmet.map((u) => sayWhereDeclared(u, outcome)) } : outcome.report;
  const changes = formatGithub(report, (change) => nameOperationsUsed(change, outcome))
    .split('\n')
    .filter((line) => line.startsWith('::'));
  const command = outcome.report.failOn === 'never' ? 'warning' : 'error';
  const title = (r: VerdictReason) => `${r.consumer ?? 'consumer'}: ${r.code}`;
  const observed = outcome.observedReasons.map((r) => renderCommand(command, { ...findOperationSite(outcome, r), title: title(r) }, r.message));
  const misdirected = outcome.misdirectedReasons.map((r) => {
    const { site, where } = findMisspelling(outcome, r);
    return renderCommand(command, { ...site, title: title(r) }, `${r.message}${where}`);
  });
  // A warning on the run's page, as `can-i-deploy` prints a `notice:` line: a "safe" must not hide them.
  const notices = outcome.registryNotices.map((n) => renderCommand('warning', { title: `Overseer: ${n.code}` }, n.message));
  const lines = [...changes, ...own, ...observed, ...misdirected, ...notices];
  return (outcome.deleted ? lines.map((line) => moveOffDeletedContract(line, outcome)) : lines).join('\n');
}

/**
 * A deleted contract is no file of the head, and GitHub shows an annotation on it nowhere: each one goes to the manifest
 * that provided it (in the head, the file the author reads next), else to no file, which the run's page lists. The
 * message keeps where the base had it (`Seen in the base: api/openapi.yaml@bbbbbbb:7`).
 */
function moveOffDeletedContract(line: string, outcome: Outcome): string {
  const onContract = `file=${escapeProperty(toRepositoryPath(outcome.report.revision.file))}`;
  const at = line.indexOf(' ');
  const end = line.indexOf('::', 2);
  if (at < 0 || end < at) return line;
  const properties = line.slice(at + 1, end).split(',');
  if (!properties.includes(onContract)) return line;
  const moved = properties.filter((p) => p !== onContract && !p.startsWith('line='));
  if (outcome.manifest !== undefined) moved.unshift(`file=${escapeProperty(toRepositoryPath(outcome.manifest))}`);
  return `${line.slice(0, at)}${moved.length > 0 ? ` ${moved.join(',')}` : ''}${line.slice(end)}`;
}

// A change to a shared schema reaches several operations: the title names those the consumers it breaks (or a warning
// reaches) call, as the comment's tables and the CLI's annotations do, not the first one reached, which none of them may
// call. With none, where the CLI files it: a change to no operation is `Document`, not the first operation it reaches.
function nameOperationsUsed(change: JudgedChange, outcome: Outcome): string {
  const consumers = change.consumers?.length ? change.consumers : Object.keys(change.warnedConsumers ?? {});
  if (consumers.length === 0) return change.operation ?? 'Document';
  return [...new Set(consumers.flatMap((consumer) => listOperationsFor(change, outcome.usedOperations[consumer])))].join(', ');
}

// The entry the registry's gate found through the provider's contract (`declaredAt`, from the lines the action sends; an
// entry written as an operationId is matched only there). From an older registry: the entry that declares the
// operation, else the provider's first entry: close enough to find it. The registry names
// the operation as the provider's contract writes it (`GET /orders/{id}` for an entry `GET /orders/{orderId}`), so entries
// are matched by their operation's key; of two entries of one operation, the one naming the field is the one to fix.
function findLine(manifest: Manifest, reason: VerdictReason): number | undefined {
  if (reason.declaredAt) return reason.declaredAt.line;
  const uses = manifest.declarations.find((d) => d.provider === reason.provider || d.provider === reason.declaredAs)?.uses;
  if (!uses || uses === '*') return undefined;
  const key = reason.operation === undefined ? undefined : keyOfLabel(reason.operation);
  const entries = uses.filter((u) => u.operation === reason.operation || keyOfLabel(u.operation) === key);
  const field = reason.field;
  const named = entries.find((u) => field !== undefined && [...(u.request ?? []), ...(u.response ?? []), ...(u.params ?? [])].includes(field));
  return (named ?? entries[0] ?? uses[0])?.line;
}

/**
 * A registry consumer's unmet use, with where its manifest declares it (kept by the registry since round 30): on this
 * pull request's file when the consumer's manifest lives in this repository, else said in the message, since a file of
 * another repository would be annotated nowhere. A consumer's manifest from the workspace has its file already.
 */
function sayWhereDeclared(use: UnmetUse, outcome: Outcome): UnmetUse {
  if (outcome.report.consumers?.some((c) => c.name === use.consumer && c.file !== undefined)) return use;
  // A registry consumer's use names its own file when it came from one of several Pact files: a path in the consumer's
  // repository, annotated only when that is this one.
  const published = findPublished(outcome, use.consumer, use.consumerVersion);
  const { file: own, ...rest } = use;
  const from = own === undefined ? published?.publishedFrom : { ...published?.publishedFrom, file: own };
  if (!from) return use;
  if (isThisRepository(outcome, from.repository) && use.line !== undefined) return { ...rest, file: from.file };
  const where = use.line === undefined ? `in ${from.file}` : `at ${from.file}:${use.line}`;
  return { ...rest, message: `${use.message} (declared ${where}${from.repository ? ` in ${from.repository}` : ''})` };
}

function isThisRepository(outcome: Outcome, repository: string | undefined): boolean {
  return repository !== undefined && outcome.repositoryUrl?.replace(/\/+$/, '').endsWith(`/${repository}`) === true;
}

/**
 * A caller seen in traces declared nothing to point at: its annotation sits on the operation it calls, in this contract
 * (a removed operation's change sits where the report puts it, the nearest part left), so the author sees what it calls.
 */
function findOperationSite(outcome: Outcome, reason: VerdictReason): Site {
  const { report } = outcome;
  const operation = reason.operation ?? reason.changes?.find((c) => c.operation !== undefined)?.operation;
  const line = operation === undefined ? undefined : report.operationLines?.[keyOfLabel(operation)];
  if (line !== undefined) return { file: toRepositoryPath(report.revision.file), line };
  const first = reason.changes?.[0];
  const change = first && report.changes.find((c) => c.id === first.id && c.message === first.message);
  return change ? findAnnotationSite(report, change) : { file: toRepositoryPath(report.revision.file) };
}

/**
 * A consumer's manifest that misspells this service: annotated on the entry that declares the use when the manifest is a
 * file of this repository (a monorepo), where the author can fix it; else on the operation in this contract, the
 * message saying where the consumer's manifest is, when the registry knows.
 */
function findMisspelling(outcome: Outcome, reason: VerdictReason): { site: Site; where: string } {
  // The registry says where the consumer version declared the use (gate/declared-at.ts); it is in no listing the Action reads.
  const at = reason.declaredAt;
  if (at?.file !== undefined && isThisRepository(outcome, at.repository)) return { site: { file: toRepositoryPath(at.file), line: at.line }, where: '' };
  const where = at?.file === undefined ? '' : ` (${reason.consumer}'s manifest: ${at.file}:${at.line}${at.repository ? ` in ${at.repository}` : ''})`;
  return { site: findOperationSite(outcome, reason), where };
}
