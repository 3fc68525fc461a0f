// Where a consumer read from the registry declared the use a finding is about, as a link to that line of its manifest in
// its own repository: its owners see at once which entry to change, as `declared at web/overseer.yaml:9` tells the
// owner of a manifest read from disk.

import { escapeMarkdown as cell, type JudgedChange, type Manifest, type OperationUsage } from '../contracts/index.js';
import type { Outcome } from './report.js';

/** `[web/overseer.yaml:9](…/acme/web/blob/<commit>/web/overseer.yaml#L9)` for a use on `line` of that consumer version's manifest. */
export function linkDeclaredUse(outcome: Outcome, consumer: string, version: string | undefined, line: number | undefined): string | undefined {
  const from = findPublished(outcome, consumer, version)?.publishedFrom;
  if (!from || line === undefined) return undefined;
  const text = cell(`${from.file}:${line}`);
  const origin = originOf(outcome.repositoryUrl);
  if (!from.repository || !origin || !REPOSITORY.test(from.repository)) return text;
  const path = from.file.split('/').map(encodeURIComponent).join('/');
  return `[${text}](${origin}/${from.repository}/blob/${encodeURIComponent(from.commit ?? 'HEAD')}/${path}#L${line})`;
}

/** The links to where each live version of `consumer` declares the operations of `change` it uses (none where unknown). */
export function linkDeclaredChange(outcome: Outcome, consumer: string, change: JudgedChange): string[] {
  const used = new Set(change.consumerOperations?.[consumer] ?? (change.operation === undefined ? [] : [change.operation]));
  const links = (outcome.consumerManifests ?? [])
    .filter((m) => m.service === consumer && m.publishedFrom)
    .map((m) => linkDeclaredUse(outcome, consumer, m.version, findLine(m, used)));
  return [...new Set(links.filter((link): link is string => link !== undefined))];
}

// The registry's listing names each use as the provider's contract does (`label`), whatever the manifest wrote.
function findLine(manifest: Manifest, operations: Set<string>): number | undefined {
  const lines = manifest.declarations
    .flatMap((d) => (d.uses === '*' ? [] : d.uses))
    .filter((u: OperationUsage & { label?: string }) => operations.has(u.label ?? u.operation))
    .flatMap((u) => (u.line === undefined ? [] : [u.line]));
  return lines.length === 0 ? undefined : Math.min(...lines);
}

// A finding names the consumer's version only when several are live (contracts/usage/consumer-versions.ts).
export function findPublished(outcome: Outcome, consumer: string, version: string | undefined): Manifest | undefined {
  const versions = (outcome.consumerManifests ?? []).filter((m) => m.service === consumer);
  return version === undefined ? (versions.length === 1 ? versions[0] : undefined) : versions.find((m) => m.version === version);
}

// The pull request's own server (github.com, or GitHub Enterprise): the consumer's repository is on it too.
function originOf(url: string | undefined): string | undefined {
  try {
    return url === undefined ? undefined : new URL(url).origin;
  } catch {
    return undefined;
  }
}

// `owner/name` as a manifest's `repository:` writes it; anything else is shown as text, never put in a link.
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
