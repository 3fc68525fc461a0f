// The worker threads' side of the pool: every task parses, validates or diffs, so none of it runs on the event loop.
// Each thread keeps the contracts it parsed last, by hash, so a gate asked again does not parse again.

import { decideDeploy, type GateVersion, type LoadedContract, parseContract } from '../../contracts/index.js';
import { toApiError } from '../errors.js';
import { prepareUpload, type Upload } from '../routes/publication.js';
import { diffVersions } from '../ui/version-diff.js';
import { type JsonUpload, readJsonBody } from './read-json.js';
import type { ContractText, PreparedWire, ReadUpload, WireBreakingCount, WireGateVersion, WorkAnswer, WorkTask, WorkValue } from './wire.js';

const MAX_PARSED = 200;
const parsed = new Map<string, LoadedContract>();

function remember(hash: string, contract: LoadedContract): LoadedContract {
  parsed.delete(hash);
  parsed.set(hash, contract);
  while (parsed.size > MAX_PARSED) parsed.delete(parsed.keys().next().value as string);
  return contract;
}

// Lines in verdicts point into the stored text: a cached parse of another text with the same hash does not do.
async function parseStored({ hash, text }: ContractText): Promise<LoadedContract> {
  const hit = parsed.get(hash);
  if (hit && hit.text === text) return remember(hash, hit);
  // Validated and size-checked when it was published; a later, lower limit must not hide it.
  return remember(hash, await parseContract(text, `contract ${hash.slice(0, 12)}`, { validate: false, maxBytes: Infinity }));
}

async function toGateVersion(version: WireGateVersion): Promise<GateVersion> {
  const { contract, ...rest } = version;
  return contract ? { ...rest, contract: await parseStored(contract) } : rest;
}

async function prepareWire(service: string, upload: Upload, maxContractBytes: number, keepCanonical: boolean): Promise<PreparedWire> {
  const prepared = await prepareUpload(service, upload, maxContractBytes);
  const contract = prepared.contract;
  if (!contract) return { declarations: prepared.declarations, warnings: prepared.warnings };
  const { hash, format, canonical } = contract.input;
  remember(hash, contract.loaded);
  return { declarations: prepared.declarations, warnings: prepared.warnings, contract: { hash, format, ...(keepCanonical && { canonical }) } };
}

/** A large body parsed here, and the upload it holds prepared by the same thread: its text does not travel twice. */
async function readUpload(task: JsonUpload): Promise<ReadUpload> {
  const body = readJsonBody(task);
  const { contract, contractFile, declarations, manifest } = body as Upload;
  const service = task.prepare.service ?? body.service;
  if (typeof service !== 'string' || (contract === undefined && manifest === undefined)) return { body };
  const upload = { contract, contractFile, declarations, manifest };
  return { body, prepared: await prepareWire(service, upload, task.prepare.maxContractBytes, task.prepare.keepCanonical) };
}

/** How many changes from `from` to `to` break one of the consumers: the dashboard's count of what waits on main. */
async function countBreaking({ service, from, to, consumers }: WireBreakingCount): Promise<number> {
  const [base, revision] = [await parseStored(from.contract), await parseStored(to.contract)];
  return diffVersions({ service, from: { version: from.version, contract: base }, to: { version: to.version, contract: revision }, consumers }).summary
    .blocking;
}

async function run(task: WorkTask): Promise<WorkValue> {
  switch (task.kind) {
    case 'prepare':
      return prepareWire(task.service, task.upload, task.maxContractBytes, task.canonical);
    case 'decide': {
      const { candidate, deployed, ...rest } = task.input;
      return decideDeploy({
        ...rest,
        candidate: candidate && (await toGateVersion(candidate)),
        deployed: await Promise.all(deployed.map(toGateVersion)),
      });
    }
    case 'warm':
      return null;
    case 'read-json':
      return readUpload(task.upload);
    case 'count-breaking':
      return countBreaking(task.input);
    case 'parse': {
      const { locate: _locate, locateAll: _locateAll, ...parts } = await parseStored(task.contract);
      return parts;
    }
  }
}

/** Piscina's entry point: answers are data, errors included, since an Error loses its code on the way back. */
export default async function runTask(task: WorkTask): Promise<WorkAnswer<WorkValue>> {
  try {
    return { ok: true, value: await run(task) };
  } catch (error) {
    const api = toApiError(error);
    if (api.status >= 500) throw error;
    return { ok: false, error: api.toBody() as { code: typeof api.code; message: string; line?: number } };
  }
}
