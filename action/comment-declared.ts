// Where a consumer read from the registry declared the use a finding is about, as a link to that line of its manifest in
// its own repository: its owners see at once which entry to change, as `declared at web/overseer.yaml:9` tells the
// owner of a manifest read from disk.

import { escapeMarkdown as cell, type JudgedChange, type Manifest, type OperationUsage } from '../contracts/index.js';
import type { Outcome } from './report.js';

/** `[web/overseer.yaml:9](…/acme/web/blob/<commit>/web/overseer.yaml#L9)` for a use on `line` of that consumer version's manifest (or of `file`). */
export function linkDeclaredUse(outcome: Outcome, consumer: string, version: string | undefined, line: number | undefined, file?: string): string | undefined {
  // `file`: the entry's own (one of several Pact files), meaningful for a consumer read from the registry only.
  const published = findPublished(outcome, consumer, version);
  const from = published === undefined ? undefined : file === undefined ? findDeclaringFile(published, line) : { ...published.publishedFrom, file };
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
    .filter((m) => m.service === consumer)
    .map((m) => {
      const entry = findEntry(m, used);
      return entry && linkDeclaredUse(outcome, consumer, m.version, entry.line, entry.file);
    });
  return [...new Set(links.filter((link): link is string => link !== undefined))];
}

const usesOf = (manifest: Manifest) => manifest.declarations.flatMap((d) => (d.uses === '*' ? [] : d.uses));

// The registry's listing names each use as the provider's contract does (`label`), whatever the manifest wrote. Lines
// of two Pact files do not compare: the first line in the file of the first entry listed.
function findEntry(manifest: Manifest, operations: Set<string>): { line: number; file?: string } | undefined {
  const entries = usesOf(manifest).filter((u: OperationUsage & { label?: string }) => u.line !== undefined && operations.has(u.label ?? u.operation));
  if (entries.length === 0 || (!manifest.publishedFrom && entries[0].file === undefined)) return undefined;
  const { file } = entries[0];
  return { line: Math.min(...entries.filter((u) => u.file === file).map((u) => u.line as number)), ...(file !== undefined && { file }) };
}

/**
 * Where the entry on `line` of a consumer version's uses is written: its own file when the version was published from
 * several Pact files (each use keeps its file), else the version's manifest.
 */
function findDeclaringFile(published: Manifest | undefined, line: number | undefined): Manifest['publishedFrom'] {
  const files = new Set(published ? usesOf(published).flatMap((u) => (u.line === line && u.file !== undefined ? [u.file] : [])) : []);
  const [file] = files;
  return files.size === 1 ? { ...published?.publishedFrom, file } : published?.publishedFrom;
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
