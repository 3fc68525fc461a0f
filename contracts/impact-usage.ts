// What one consumer's field lists touch in one operation of a diff: the schema changes along the
// fields it reads and sends, the parameters and headers it names, and whether it sends a body.
import type { ContractDiff } from './diff.js';
import type { Change, OperationUsage } from './model.js';
import { findingsAlong, findingsUnder, type OperationReach } from './reach.js';
import type { SchemaFinding, SchemaRoot } from './rules/types.js';
import { ANY_MEDIA_TYPE, acceptsMedia, essenceOf, landsIn } from './usage/media-types.js';
import { selectStatuses, statusOverlaps } from './usage/response-status.js';

/** How a usage with field lists bears on one operation; `undefined` lists count as empty. */
export interface UsageReach {
  /** Schema changes (those in `diff.changeOf`) along a field read or sent, or inside a parameter sent. */
  touched: Set<Change>;
  sendsBody: boolean;
  /** The media types its body is sent in, where known (a Pact's Content-Type): a change to another one is not its. */
  mediaTypes?: readonly string[];
  /** The media types it reads responses in, where known: a change to another one's body is not its. */
  readsIn?: readonly string[];
  /** Whether it may read a response body: it names no response list (not said), names something, or reads in a known type. */
  readsBody: boolean;
  /** Parameters sent, as `in`-independent names (headers lower-cased when matched). */
  params: string[];
  /** Response list entries, lower-cased: a response header counts when the consumer names it there. */
  readNames: Set<string>;
  /** The statuses it expects, where known (a Pact's): a change to another status's response is not its. */
  statuses?: readonly string[];
}

/** Whether a usage names no list at all, and so uses the whole operation. */
export function usesWholeOperation(usage: OperationUsage): boolean {
  return usage.params === undefined && usage.request === undefined && usage.response === undefined;
}

export function reachUsage(diff: ContractDiff, op: OperationReach, usage: OperationUsage): UsageReach {
  const params = usage.params ?? [];
  const read = usage.response ?? [];
  const sent = usage.request ?? [];
  const found = new Set<SchemaFinding>();
  const readsIn = usage.responseMediaTypes;
  const statuses = usage.statuses;
  const bodies = selectResponseBodies(op.roots, statuses).filter((r) => landsIn(r.target.kind === 'response' ? r.target.mediaType : undefined, readsIn));
  for (const field of read)
    findingsAlong(
      bodies.map((r) => r.node),
      field,
    ).forEach((f) => found.add(f));
  const mediaTypes = usage.requestMediaTypes;
  const requests = op.roots.filter((r) => r.target.kind === 'request-body' && landsIn(r.target.mediaType, mediaTypes)).map((r) => r.node);
  for (const field of sent) findingsAlong(requests, field).forEach((f) => found.add(f));
  const readNames = new Set(read.map((f) => f.toLowerCase()));
  const named = op.roots.filter((r) => namesParameter(r, params) || (namesHeader(r, readNames) && readsStatus(r.target, statuses)));
  if (named.length > 0) findingsUnder({ ...op, roots: named }).forEach((f) => found.add(f));
  const touched = new Set<Change>();
  for (const f of found) {
    const change = diff.changeOf.get(f);
    if (change) touched.add(change);
  }
  const sendsBody = sent.length > 0 || (mediaTypes?.length ?? 0) > 0;
  const readsBody = usage.response === undefined || read.length > 0 || (readsIn?.length ?? 0) > 0;
  return {
    touched,
    sendsBody,
    readsBody,
    params,
    readNames,
    ...(mediaTypes && { mediaTypes }),
    ...(readsIn && { readsIn }),
    ...(statuses && { statuses }),
  };
}

/** Whether a change that is not a schema change touches what a field-list usage names. */
export function touchesDirectly(change: Change, reach: UsageReach): boolean {
  const t = change.target;
  if (t.kind === 'parameter') return sendsParameter(reach.params, t.in, t.name);
  if (t.kind === 'request-body') return reach.sendsBody && landsIn(t.mediaType, reach.mediaTypes) && !keptFor(t.narrowedTo, reach.mediaTypes);
  // A response header is read only when named; a status or media type contains every field read.
  if (t.kind === 'response') {
    if (!readsStatus(t, reach.statuses)) return false;
    if (t.header !== undefined) return reach.readNames.has(t.header.toLowerCase());
    // A status contains every use; a media type only a body read in it (a pact expecting a bare 200 reads none).
    if (t.mediaType === undefined) return true;
    return reach.readsBody && landsIn(t.mediaType, reach.readsIn) && !keptFor(t.narrowedTo, reach.readsIn);
  }
  return true;
}

/** Whether every media type a consumer is known to use is among those a narrowed range kept (an unknown one may not be). */
function keptFor(narrowedTo: readonly string[] | undefined, used: readonly string[] | undefined): boolean {
  if (!narrowedTo || !used || used.length === 0) return false;
  return used.every((type) => essenceOf(type) !== ANY_MEDIA_TYPE && narrowedTo.some((kept) => acceptsMedia(kept, type)));
}

/** Response bodies a reader reads: those of the statuses it expects; unsaid, the success ones (all when there are none). */
function selectResponseBodies(roots: SchemaRoot[], statuses: readonly string[] | undefined): SchemaRoot[] {
  const bodies = roots.filter((r) => r.target.kind === 'response' && r.target.header === undefined);
  const statusOf = (r: SchemaRoot) => (r.target.kind === 'response' ? (r.target.status ?? '') : '');
  const read = new Set(selectStatuses([...new Set(bodies.map(statusOf))], statuses));
  return bodies.filter((r) => read.has(statusOf(r)));
}

/** Whether a response part (a status, its body, a header) is of a status the use expects; every one when unsaid. */
function readsStatus(target: SchemaRoot['target'], statuses: readonly string[] | undefined): boolean {
  if (statuses === undefined || target.kind !== 'response' || target.status === undefined) return true;
  return statuses.some((read) => target.status === 'default' || statusOverlaps(target.status!, read));
}

/** Whether a change takes away a status a use expects (a consumer's 404): information in general, a break for it. */
export function removesExpectedStatus(change: Change, usage: OperationUsage): boolean {
  const t = change.target;
  if (change.id !== 'response-non-success-status-removed' || t.kind !== 'response' || t.status === undefined) return false;
  return (usage.statuses ?? []).some((read) => statusOverlaps(t.status!, read));
}

function namesParameter(root: SchemaRoot, params: string[]): boolean {
  return root.target.kind === 'parameter' && sendsParameter(params, root.target.in, root.target.name);
}

function namesHeader(root: SchemaRoot, readNames: Set<string>): boolean {
  return root.target.kind === 'response' && root.target.header !== undefined && readNames.has(root.target.header.toLowerCase());
}

/** Header names are case-insensitive (RFC 9110); every other parameter matches exactly. */
export function sendsParameter(params: string[], location: string, name: string): boolean {
  // A path parameter is part of the URL: every caller of the operation sends it, named or not.
  if (location === 'path') return true;
  if (location !== 'header') return params.includes(name);
  const lower = name.toLowerCase();
  return params.some((p) => p.toLowerCase() === lower);
}
