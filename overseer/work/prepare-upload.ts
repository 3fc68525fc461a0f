// Turns what a client uploads (contract text, declarations or a manifest) into what the store and the gate take:
// the contract parsed once, its canonical JSON and hash, and declarations with the manifest line of each use (kept, so
// that reasons about a consumer read from the registry say where it declared the use).

import { type Declaration, describeSizes, type LoadedContract, type Notice, parseContract, parseManifest } from '../../contracts/index.js';
import { ApiError } from '../errors.js';
import type { ContractInput } from '../store/store.js';
import { hashSha256 } from '../store/validate.js';

export interface Upload {
  contract?: string;
  contractFile?: string;
  declarations?: Declaration[];
  manifest?: string;
}

interface PreparedUpload {
  contract?: { input: ContractInput; loaded: LoadedContract };
  declarations: Declaration[];
  warnings: Notice[];
  /** A Backstage entity's `spec.providesApis`: the API names publishing claims for the service. */
  providesApis?: string[];
}

/** JSON with every object's keys sorted: equal documents give equal text, whatever their key order or format. */
export function stringifyCanonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export async function prepareUpload(service: string, upload: Upload, maxContractBytes: number): Promise<PreparedUpload> {
  const { declarations, providesApis } = readDeclarations(service, upload);
  const claims = providesApis ? { providesApis } : {};
  if (upload.contract === undefined) return { declarations, warnings: [], ...claims };
  const contract = await prepareContract(upload.contract, upload.contractFile ?? 'contract', maxContractBytes);
  return { contract, declarations, warnings: contract.loaded.warnings, ...claims };
}

/** A contract's text parsed with the engine (bounded), its canonical JSON and the SHA-256 of that: what publish stores, and what import recomputes. */
export async function prepareContract(text: string, file: string, maxContractBytes: number): Promise<{ input: ContractInput; loaded: LoadedContract }> {
  // External $refs stay refused: the registry never reads its own disk or the network for a client.
  // The publisher's CLI has no say in this limit: the message names the registry's setting, not `--max-size`.
  const raiseLimit = "the registry's OVERSEER_MAX_CONTRACT_BYTES sets it";
  const loaded = await parseContract(text, file, { maxBytes: maxContractBytes, allowExternalRefs: false, raiseLimit });
  assertExpandedSize(loaded.source, maxContractBytes * EXPANSION_FACTOR, file);
  const canonical = stringifyCanonical(loaded.source);
  return { input: { hash: hashSha256(canonical), canonical, text: loaded.text, format: loaded.format }, loaded };
}

// The JSON of a YAML text is rarely 1.5 times its size; past twice, YAML aliases are multiplying what they point at.
const EXPANSION_FACTOR = 2;

/** Refuses, before writing it out, a document whose JSON would outgrow `limit`: a short alias of a long string repeats it at every use. */
function assertExpandedSize(doc: unknown, limit: number, file: string): void {
  let size = 0;
  const stack: unknown[] = [doc];
  while (stack.length > 0 && size <= limit) {
    const node = stack.pop();
    if (typeof node === 'string') size += node.length + 2;
    else if (Array.isArray(node)) {
      size += node.length + 2;
      for (const item of node) stack.push(item);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        size += key.length + 4;
        stack.push(value);
      }
    } else size += 8;
  }
  if (size > limit) {
    const [, most] = describeSizes(size, limit);
    throw new ApiError(
      'ERR_CONTRACT_TOO_LARGE',
      `${file}: the document expands to more than ${most} of JSON (YAML aliases repeat what they point at at every use)`,
    );
  }
}

function readDeclarations(service: string, upload: Upload): { declarations: Declaration[]; providesApis?: string[] } {
  if (upload.manifest !== undefined && upload.declarations !== undefined) {
    throw new ApiError('ERR_PUBLICATION_INVALID', 'send either declarations or the manifest they come from, not both');
  }
  if (upload.manifest === undefined) return { declarations: (upload.declarations ?? []).map(refuseUsingNothing) };
  const manifest = parseManifest(upload.manifest, 'overseer.yaml');
  if (manifest.service !== service) {
    throw new ApiError('ERR_PUBLICATION_INVALID', `the manifest describes ${manifest.service}, not ${service}`);
  }
  return { declarations: manifest.declarations, ...(manifest.providesApis && { providesApis: manifest.providesApis }) };
}

/**
 * A declaration whose `uses` is an empty list uses nothing: the gate would let its provider take anything away without
 * judging it. A manifest already refuses one (`consumes.X is an empty list`); the API does too.
 */
function refuseUsingNothing(declaration: Declaration): Declaration {
  if (declaration.uses !== '*' && declaration.uses.length === 0) {
    const way = 'list the operations it uses, or send "*" for all';
    throw new ApiError('ERR_DECLARATION_INVALID', `the declaration of ${declaration.provider} by ${declaration.consumer} uses nothing (an empty list): ${way}`);
  }
  return declaration;
}
