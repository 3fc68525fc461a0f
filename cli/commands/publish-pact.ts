// `overseer publish --pact FILE...`: consumers published from Pact files, their interactions as declarations,
// matched against each provider's latest contracts in the registry. Unknown providers and operations are notices.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Declaration, declarePact, type Notice, type OpenApiDocument, type PublishResponse, parseContract, parsePact } from '../../contracts/index.js';
import { type RegistryClient, RegistryError } from '../client.js';
import { CommandError } from '../io.js';

export interface PactPublication {
  consumer: string;
  result: PublishResponse;
  declarations: Declaration[];
  notices: Notice[];
  /** The Pact files it was read from, in the order given. */
  files: string[];
  /** As the registry keeps them: a pact names neither, so a consumer first known from its pacts has none. */
  owners: string[];
  slack?: string;
}

async function readPactFile(cwd: string, file: string) {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new CommandError('ERR_PACT_UNREADABLE', `${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return parsePact(text, file);
  } catch (e) {
    throw new CommandError('ERR_PACT_INVALID', (e as Error).message);
  }
}

const VERSIONS_TRIED = 5;

/** The provider's latest contracts, newest first; none when the registry has none. */
async function latestContracts(client: RegistryClient, provider: string): Promise<OpenApiDocument[]> {
  const versions = await client.listVersions(provider).catch((e: unknown) => {
    if (e instanceof RegistryError && e.status === 404) return [];
    throw e;
  });
  const latest = versions
    .filter((v) => v.contractHash !== null)
    .slice(-VERSIONS_TRIED)
    .reverse();
  const docs: OpenApiDocument[] = [];
  for (const version of latest) {
    const text = await client.getContractText(provider, version.version);
    docs.push((await parseContract(new TextEncoder().encode(text), `${provider} ${version.version}`)).doc);
  }
  return docs;
}

export async function publishPacts(client: RegistryClient, cwd: string, files: string[], options: { version: string; branch?: string; commit?: string }) {
  const byConsumer = new Map<string, { declarations: Declaration[]; notices: Notice[]; files: string[] }>();
  for (const file of files) {
    const pact = await readPactFile(cwd, file);
    const { declaration, notices } = declarePact(pact, await latestContracts(client, pact.provider), file);
    const entry = byConsumer.get(pact.consumer) ?? { declarations: [], notices: [], files: [] };
    if (declaration) entry.declarations.push(declaration);
    entry.notices.push(...notices);
    entry.files.push(file);
    byConsumer.set(pact.consumer, entry);
  }
  const out: PactPublication[] = [];
  for (const [consumer, { declarations, notices, files: read }] of byConsumer) {
    // A consumer known only from its pacts is registered with no owners; a known one keeps its own.
    const known = await client.getService(consumer).catch((e: unknown) => {
      if (e instanceof RegistryError && e.status === 404) return undefined;
      throw e;
    });
    if (!known) await client.putService(consumer, { owners: [] });
    const result = await client.publish(consumer, {
      version: options.version,
      ...(options.branch && { branch: options.branch }),
      ...(options.commit && { commit: options.commit }),
      declarations,
    });
    const owned = { owners: known?.owners ?? [], ...(known?.slack && { slack: known.slack }) };
    out.push({ consumer, result, declarations, notices, files: read, ...owned });
  }
  return out;
}
