// `--format github`: GitHub Actions workflow commands, so each change is an annotation on its line
// of the contract file in the pull request's "Files changed" view, and the log says the verdict.

import type { DiffReport, JudgedChange, Notice, UnmetUse } from '../model.js';
import { findAnnotationSite, toRepositoryPath } from './annotate.js';
import {
  compareChanges,
  describeConsumerUse,
  describeCounts,
  describeWaiver,
  describeWhere,
  isBlocked,
  isUnusedBreaking,
  listBroken,
  nameOperations,
} from './shared.js';

/** The workflow commands GitHub turns into annotations. */
type AnnotationCommand = 'error' | 'warning' | 'notice';

/**
 * One workflow command per change (blocking ones first, as GitHub shows only the first few of each kind), one per notice,
 * then the verdict. `titleOperation` names the operation in a change's title; by default the ones the consumers it
 * breaks use (the report carries them), else the first the change reaches.
 */
export function formatGithub(report: DiffReport, titleOperation: (change: JudgedChange) => string = (c) => nameOperations(c)): string {
  const changes = [...report.changes].sort((a, b) => Number(b.blocking) - Number(a.blocking) || compareChanges(a, b));
  const lines = [
    ...changes.map((change) => renderChange(report, change, titleOperation(change))),
    ...(report.unmet ?? []).map((use) => renderUnmet(use, report.consumers?.find((c) => c.name === use.consumer)?.file)),
    ...report.notices.map(renderNotice),
    `overseer: ${describeCounts(report.summary)} -> ${isBlocked(report.summary) ? 'blocked' : 'safe'}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** error: it blocks; notice: only informs or is waived; warning: anything between. */
export function chooseCommand(change: JudgedChange): AnnotationCommand {
  if (change.blocking) return 'error';
  if (change.waived || change.level === 'info') return 'notice';
  return 'warning';
}

/** Escapes a command's message: `%`, CR and LF, so the message cannot end the command or start another. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value: as data, plus `:` and `,`, which would end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=F,line=L,title=T::message`; properties that are undefined are left out. */
export function renderCommand(command: AnnotationCommand, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

function renderChange(report: DiffReport, change: JudgedChange, operation: string): string {
  const site = findAnnotationSite(report, change);
  const title = `${operation}: ${change.id}`;
  return renderCommand(chooseCommand(change), { file: site.file, line: site.line, title }, describeChange(report, change));
}

// The message keeps the facts a reviewer needs in the annotation itself, one per line.
function describeChange(report: DiffReport, change: JudgedChange): string {
  const lines = [`${change.message} (${change.level}${change.blocking ? ', blocking' : ''})`];
  const broken = listBroken(change);
  if (broken.length > 0) lines.push(`Breaks: ${broken.map((name) => describeConsumerUse(change, name)).join(', ')}`);
  const warned = Object.keys(change.warnedConsumers ?? {});
  if (warned.length > 0) lines.push(`Used by (a warning, not blocking): ${warned.map((name) => describeConsumerUse(change, name)).join(', ')}`);
  const waiver = describeWaiver(change);
  if (waiver) lines.push(waiver[0].toUpperCase() + waiver.slice(1));
  if (change.waivedFor?.length) lines.push(`Waived for: ${change.waivedFor.join(', ')}`);
  if (isUnusedBreaking(report, change)) lines.push('No consumer uses this: not blocking');
  if (change.side === 'base') lines.push(`Seen in the base: ${describeWhere(report, change)}`);
  return lines.join('\n');
}

// A use the revision does not offer blocks as a change does, though no line of the contract caused it: the annotation
// sits on the manifest entry that declares it (the consumer's one manifest, or the one of its versions the use names)
// and is titled as the gate's reasons are (`web: operation-missing`), so the log names every consumer the count includes.
function renderUnmet(use: UnmetUse, consumerFile: string | undefined): string {
  const command = use.blocking ? 'error' : use.waived ? 'notice' : 'warning';
  const waived = use.waived ? `\nWaived: ${use.waived.reason}` : '';
  const version = use.file !== undefined ? ` (declared in ${use.file})` : use.consumerVersion !== undefined ? ` (in version ${use.consumerVersion})` : '';
  const declared = use.file ?? consumerFile;
  const file = declared === undefined ? undefined : toRepositoryPath(declared);
  const title = `${use.consumer}: ${use.code}`;
  return renderCommand(command, { file, line: file === undefined ? undefined : use.line, title }, `${use.message}${version}${waived}`);
}

function renderNotice(notice: Notice): string {
  const file = notice.file === undefined ? undefined : toRepositoryPath(notice.file);
  const message = notice.consumer ? `${notice.message} (consumer: ${notice.consumer})` : notice.message;
  return renderCommand('warning', { file, line: file === undefined ? undefined : notice.line, title: notice.code }, message);
}
