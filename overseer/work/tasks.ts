// The worker processes' side of the pool: every task parses, validates or diffs, so none of it runs on the event loop.
// Each process keeps the contracts it parsed (overseer/work/parsed-contracts.ts), so a gate asked again parses nothing.

import {
  ContractError,
  type DiffReport,
  decideDeploy,
  type GateInput,
  type GateVersion,
  type LoadedContract,
  type PlacedOperation,
  startHistoryWalk,
} from '../../contracts/index.js';
import { toApiError } from '../errors.js';
import { ingestExport } from '../observe/ingest-task.js';
import { encodeOwnUtf8 } from '../store/contract-bytes.js';
import { renderDiffReport } from '../ui/pages/service-diff.js';
import { DASHBOARD_DIFF_MAX_CHARS, diffVersions, findBrokenConsumers, findWaivedConsumers } from '../ui/version-diff.js';
import { markContract } from './contract-marks.js';
import { drawGraphPage } from './dashboard-graph.js';
import { pageUses } from './paged-uses.js';
import { readObservedCalls } from './parsed-calls.js';
import { findStored, parseText, rememberUploaded } from './parsed-contracts.js';
import { parseCountedText, readListing } from './parsed-versions.js';
import { prepareUpload, type Upload } from './prepare-upload.js';
import { type JsonUpload, readJsonBody } from './read-json.js';
import { listStoredMigrations } from './stored-migrations.js';
import { writeVerdictJson } from './verdict-json.js';
import type {
  DiffPage,
  MissingContracts,
  PreparedWire,
  ReadUpload,
  TooLarge,
  WireBreakingCount,
  WireGateInput,
  WireGateVersion,
  WireVersionDiff,
  WorkAnswer,
  WorkTask,
  WorkValue,
} from './wire.js';

/** The gate's versions with their contracts parsed; the hashes asked for alone that this thread lacks, if any. */
async function toGateVersions(versions: WireGateVersion[]): Promise<GateVersion[] | MissingContracts> {
  // Taken from the cache before any text is parsed, so that parsing cannot push out one already counted on.
  const found = versions.map((v) => (v.contract && v.contract.text === undefined ? findStored(v.contract.hash) : undefined));
  const missing = versions.flatMap((v, i) => (v.contract && v.contract.text === undefined && !found[i] ? [v.contract.hash] : []));
  if (missing.length > 0) return { missing: [...new Set(missing)] };
  // A hub's hundreds of consumers carry no contract: they are taken as they are, not copied nor awaited one by one.
  const gate: GateVersion[] = [];
  for (let i = 0; i < versions.length; i++) {
    const version = versions[i]!;
    if (!version.contract) {
      gate.push(version as GateVersion);
      continue;
    }
    const { contract, ...rest } = version;
    const loaded: LoadedContract = found[i] ?? (await parseOwned(version, { hash: contract.hash, text: contract.text!, stored: contract.stored }));
    gate.push({ ...rest, contract: loaded });
  }
  return gate;
}

/**
 * A gate version's stored contract parsed; one that no longer parses (edited in the database, or kept from a release that
 * took it) is named by its service and version, since its hash alone sends an operator searching the database.
 */
async function parseOwned(owner: WireGateVersion, contract: Parameters<typeof parseText>[0]): Promise<LoadedContract> {
  try {
    return await parseText(contract);
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    const said = `${error.line ? `line ${error.line}: ` : ''}${error.detail}`;
    const why = `cannot be read, so the gate cannot judge against it: ${said}; restore the registry's copy from a backup (overseer import), or deploy a version of ${owner.service} whose contract reads`;
    throw new ContractError(error.code, `the contract stored for ${owner.service} ${owner.version} (sha256 ${contract.hash.slice(0, 12)})`, why);
  }
}

async function decide({ candidate, deployed: sent, listing, ...rest }: WireGateInput) {
  // A consumer's text is parsed here, off the event loop, and once per thread; a listing sent by key alone is the one kept.
  const listed = listing && readListing(listing.key, listing.texts);
  if (listing && !listed) return { missing: [], listing: true };
  const deployed: WireGateVersion[] = [];
  for (const v of sent) {
    if (typeof v === 'string') deployed.push(parseCountedText(v));
    else if ('from' in v) for (let i = v.from; i < v.to; i++) deployed.push(listed![i]!);
    else deployed.push(v);
  }
  const versions = await toGateVersions(candidate ? [candidate, ...deployed] : deployed);
  if (!Array.isArray(versions)) return versions;
  const { observedCalls, history, historyMore, ...question } = rest;
  const observed = observedCalls ? readObservedCalls(observedCalls.key, observedCalls.text) : rest.observed;
  if (!observed && observedCalls) return { missing: [], observed: true };
  const gate = { ...question, ...(observed && { observed }), candidate: candidate && versions[0], deployed: candidate ? versions.slice(1) : versions };
  const placed = await placeRenamedIds(gate, history, historyMore === true);
  return 'missing' in placed ? placed : decideDeploy({ ...gate, placed });
}

/** OperationIds the consumers name that no live version nor the candidate has, placed by the provider's history. */
async function placeRenamedIds(gate: GateInput, history: WireGateInput['history'], more: boolean): Promise<PlacedOperation[] | MissingContracts> {
  // Which versions place an id, and how far it is followed, is decided in contracts/usage/history-walk.ts; here, the fetching.
  const walk = startHistoryWalk(gate);
  if (!walk) return [];
  if (!history) return { missing: [], history: true };
  const missing = history.flatMap((h) => (h.contract.text === undefined && !findStored(h.contract.hash) ? [h.contract.hash] : []));
  if (missing.length > 0) return { missing };
  // Newest first, and parsed only until every id is placed.
  for (const { version, contract } of history) {
    if (walk.done) break;
    walk.read(version, findStored(contract.hash) ?? (await parseText({ hash: contract.hash, text: contract.text!, stored: contract.stored })));
  }
  // Walked again from the newest with the older page added: the versions already read are parsed, and the walk is the same.
  if (!walk.done && more) return { missing: [], history: true };
  return walk.placed();
}

async function prepareWire(service: string, upload: Upload, maxContractBytes: number, keepCanonical: boolean): Promise<PreparedWire> {
  const prepared = await prepareUpload(service, upload, maxContractBytes);
  const { contract, declarations, warnings, providesApis } = prepared;
  const read = { declarations, warnings, ...(providesApis && { providesApis }) };
  if (!contract) return read;
  const { hash, format, canonical } = contract.input;
  rememberUploaded(hash, contract.loaded);
  return { ...read, contract: { hash, format, ...(keepCanonical && { canonical }) } };
}

/**
 * A large body parsed here, and the upload it holds prepared by the same thread: its text does not travel twice. A
 * publication's contract goes back as UTF-8 bytes (the text without its byte order mark, and the canonical JSON), out
 * of the body: strings of megabytes cost the event loop a copy each way, bytes are moved.
 */
async function readUpload(task: JsonUpload): Promise<ReadUpload> {
  const body = readJsonBody(task);
  const { contract, contractFile, declarations, manifest } = body as Upload;
  const service = task.prepare.service ?? body.service;
  if (typeof service !== 'string' || (contract === undefined && manifest === undefined)) return { body };
  const upload = { contract, contractFile, declarations, manifest };
  const prepared = await prepareWire(service, upload, task.prepare.maxContractBytes, task.prepare.keepCanonical);
  if (!task.prepare.keepCanonical || !prepared.contract || contract === undefined) return { body, prepared };
  const { canonical = '', ...stored } = prepared.contract;
  const bytes = { text: encodeOwnUtf8(contract.replace(/^\uFEFF/, '')), canonical: encodeOwnUtf8(canonical) };
  const { contract: _text, ...rest } = body;
  return { body: rest, prepared: { ...prepared, contract: { ...stored, bytes } } };
}

/**
 * A dashboard diff: contracts sent by hash alone come from this thread's cache, or are asked for. Past `maxChars`, none:
 * the pages' diffs are capped, the services list's counts (asked a few at a time, in the background of a page) are not.
 */
async function diffPages(input: WireVersionDiff, maxChars = DASHBOARD_DIFF_MAX_CHARS): Promise<DiffReport | MissingContracts | TooLarge> {
  const refs = [input.from.contract, input.to.contract];
  const found = refs.map((c) => (c.text === undefined ? findStored(c.hash) : undefined));
  const missing = refs.flatMap((c, i) => (c.text === undefined && !found[i] ? [c.hash] : []));
  if (missing.length > 0) return { missing };
  const chars = refs.reduce((sum, c, i) => sum + (c.text ?? found[i]!.text).length, 0);
  if (chars > maxChars) return { tooLarge: chars };
  const [base, revision] = await Promise.all(refs.map((c, i) => found[i] ?? parseText({ hash: c.hash, text: c.text!, stored: true })));
  const { from, to } = input;
  return diffVersions({ ...input, from: { version: from.version, contract: base! }, to: { version: to.version, contract: revision! } });
}

/** A dashboard diff as its page shows it, written here: the event loop receives kilobytes of HTML, not every change. */
async function diffPage(input: WireVersionDiff): Promise<DiffPage | MissingContracts | TooLarge> {
  const report = await diffPages(input);
  if (!('summary' in report)) return report;
  const rendered = renderDiffReport(input.service, { from: input.from.version, to: input.to.version }, report);
  return { summary: report.summary, broken: findBrokenConsumers(report), waived: findWaivedConsumers(report), html: rendered.text };
}

/** How many changes of a stored pair break the consumers: the services list's counts of what waits on main. */
async function countBreaking(input: WireBreakingCount): Promise<number | MissingContracts> {
  const answer = await diffPages(input, Number.POSITIVE_INFINITY);
  return 'summary' in answer ? answer.summary.blocking : (answer as MissingContracts);
}

async function run(task: WorkTask): Promise<WorkValue> {
  switch (task.kind) {
    case 'prepare':
      return prepareWire(task.service, task.upload, task.maxContractBytes, task.canonical);
    case 'decide': {
      const verdict = await decide(task.input);
      return task.asJson && !('missing' in verdict) ? { json: writeVerdictJson(verdict) } : verdict;
    }
    case 'read-json':
      return readUpload(task.upload);
    case 'count-breaking':
      return countBreaking(task.input);
    case 'diff-versions':
      return diffPage(task.input);
    case 'ingest':
      return ingestExport(task.task);
    case 'draw-graph':
      return drawGraphPage(task.graph);
    case 'page-uses':
      return pageUses(task.input);
    case 'mark-contract':
      return markContract(task.input);
    case 'list-migrations':
      return listStoredMigrations(task.input);
  }
}

/** The worker process's task (child-main.ts): answers are data, errors included, since an Error loses its code on the way back. */
export async function runTask(task: WorkTask): Promise<WorkAnswer<WorkValue>> {
  try {
    return { ok: true, value: await run(task) };
  } catch (error) {
    const api = toApiError(error);
    if (api.status >= 500) throw error;
    return { ok: false, error: api.toBody() as { code: typeof api.code; message: string; line?: number } };
  }
}
