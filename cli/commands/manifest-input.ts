// Reads what publish and check send: the manifest, and the contract file it names with `provides`.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeReadFailure, loadContract, type Manifest, parseManifest } from '../../contracts/index.js';
import { RegistryError } from '../client.js';
import { CommandError } from '../io.js';

interface ServiceFiles {
  manifest: Manifest;
  manifestText: string;
  /** The contract's text and its path as the user would write it; absent when the service provides none. */
  contract?: { text: string; file: string };
}

/** The help line of `--allow-external-refs` for publish and check. */
export const EXTERNAL_REFS_HELP = `  --allow-external-refs    follow $refs to files in the contract's folder (never URLs) and send the
                           bundled single document: the registry never needs the other files`;

/**
 * `contractOverride` (--contract) replaces the manifest's `provides`, relative to the working directory.
 * With `allowExternalRefs`, the contract is bundled here, under the same bounds as `diff`, and sent as one document.
 */
export async function readServiceFiles(cwd: string, manifestFile: string, contractOverride?: string, allowExternalRefs = false): Promise<ServiceFiles> {
  const manifestText = await readText(cwd, manifestFile, 'ERR_MANIFEST_UNREADABLE', `write the service's manifest there, or name it with --manifest FILE`);
  // Parsed here too so that problems name the user's file and line before anything is sent.
  const manifest = parseManifest(manifestText, manifestFile);
  const provided = manifest.provides && (path.isAbsolute(manifest.provides) ? manifest.provides : path.join(path.dirname(manifestFile), manifest.provides));
  const contractFile = contractOverride ?? provided;
  if (!contractFile) return { manifest, manifestText };
  if (allowExternalRefs) {
    const bundled = await loadContract(path.resolve(cwd, contractFile), { allowExternalRefs: true, validate: false });
    return { manifest, manifestText, contract: { text: `${JSON.stringify(bundled.source, null, 2)}\n`, file: contractFile } };
  }
  const named = contractOverride !== undefined ? 'named by --contract' : `named by "provides" in ${manifestFile}`;
  return { manifest, manifestText, contract: { text: await readText(cwd, contractFile, 'ERR_CONTRACT_UNREADABLE', named), file: contractFile } };
}

/** `missing` says what to do when the file does not exist (or is a folder): a new user's commonest first error. */
async function readText(cwd: string, file: string, code: string, missing: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    const hint = errno === 'ENOENT' || errno === 'EISDIR' ? ` (${missing})` : '';
    throw new CommandError(code, `${file}: ${describeReadFailure(file, e, cwd)}${hint}`);
  }
}

/**
 * A registry refusing a key of a manifest this CLI has just read is of an older release than the CLI (a use's
 * `statuses`, say): its words alone ("is not a known key") sent people to fix a manifest that was right.
 */
export async function sendManifest<T>(registry: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof RegistryError) || error.code !== 'ERR_MANIFEST_INVALID' || !error.message.includes(' is not a known key')) throw error;
    const advice = `the registry at ${registry} is of an older release than this overseer, which reads every key of this manifest: upgrade the registry first, then the CLI`;
    throw new CommandError(error.code, `${error.message}\n${advice}`);
  }
}
