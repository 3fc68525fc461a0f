// How the comment counts what blocks: consumers as services (not as their live versions), and a use the revision does
// not offer apart from the changes, so that "2 changes" never names one removal and one misspelt declaration.

import { escapeMarkdown } from '../contracts/index.js';
import { joinNames } from './comment-waivers.js';
import type { Outcome } from './report.js';

// The listing has one entry per live version of a consumer; a reader counts services, so versions are said apart.
export function countServices(report: Outcome['report']): number {
  return new Set(report.consumers?.map((c) => c.name)).size;
}

export function describeVersionsLive(report: Outcome['report']): string {
  const entries = report.consumers?.length ?? 0;
  return entries > countServices(report) ? ` (${entries} versions live)` : '';
}

// A use the revision does not offer that no change caused is no change: counted as one, "2 changes" named a single
// removal (the markdown of `diff --consumers` names it in the same words).
export function describeUnmet(outcome: Outcome): string {
  const unmet = outcome.report.unmet?.filter((u) => u.blocking) ?? [];
  if (unmet.length === 0) return '';
  const names = [...new Set(unmet.map((u) => u.consumer))];
  const whose = names.length > 3 ? plural(names.length, 'consumer') : escapeMarkdown(joinNames(names));
  const them = unmet.length === 1 ? 'it' : 'them';
  // Deleted, the contract offers nothing: the base did offer what they name.
  const base = outcome.comparedWith ? 'the live version' : 'the base';
  const why = outcome.deleted ? 'deleted with the contract' : `no change caused ${them}: ${base} lacks ${them} too`;
  return `${whose} ${names.length === 1 ? 'declares' : 'declare'} ${plural(unmet.length, 'use')} the revision does not offer (${why})`;
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
