// `overseer publish --pact FILE...`: consumers published from Pact files, their interactions as declarations,
// matched against each provider's latest contracts in the registry. Unknown providers and operations are declared
// as written, with a notice: what a consumer's tests call is a need the gate judges, whether or not it exists yet.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createOperationMatcher,
  type Declaration,
  declarePact,
  describeReadFailure,
  type Notice,
  type OpenApiDocument,
  type OperationUsage,
  type Pact,
  type PublishResponse,
  parseContract,
  parsePact,
  sameUseKey,
} from '../../contracts/index.js';
import { type RegistryClient, RegistryError } from '../client.js';
import { CommandError } from '../io.js';
import { findRepositoryPath } from './repository-path.js';

interface PactPublication {
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
    throw new CommandError('ERR_PACT_UNREADABLE', `${file}: ${describeReadFailure(file, e, cwd)}`);
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

/**
 * A camel-case pacticipant is read as its words (`UsersService` is users-service), unless the registry knows only the
 * name run together (`usersservice`): a registry whose pacts were published under that name keeps them there.
 */
async function preferRegistered(client: RegistryClient, pact: Pact): Promise<Pact> {
  const knows = (name: string) =>
    client.getService(name).then(
      () => true,
      (e: unknown) => {
        if (e instanceof RegistryError && e.status === 404) return false;
        throw e;
      },
    );
  const read = { ...pact };
  for (const side of ['consumer', 'provider'] as const) {
    const joined = pact.joined?.[side];
    if (joined !== undefined && !(await knows(pact[side])) && (await knows(joined))) read[side] = joined;
  }
  return read;
}

/** What each consumer the Pact files name declares, matched against its providers' latest contracts in the registry. */
export async function readPactDeclarations(client: RegistryClient, cwd: string, files: string[]) {
  const byConsumer = new Map<string, { declarations: Declaration[]; notices: Notice[]; files: string[] }>();
  for (const file of await expandPactFiles(cwd, files)) {
    const pact = await preferRegistered(client, await readPactFile(cwd, file));
    const { declaration, notices } = declareUnmatchedToo(pact, await latestContracts(client, pact.provider), file);
    const entry = byConsumer.get(pact.consumer) ?? { declarations: [], notices: [], files: [] };
    // Each use names its file: a consumer's pacts are several files, and a line means nothing without its own.
    if (declaration) addDeclaration(entry.declarations, inFile(declaration, file));
    entry.notices.push(...notices);
    entry.files.push(file);
    byConsumer.set(pact.consumer, entry);
  }
  return byConsumer;
}

export async function publishPacts(client: RegistryClient, cwd: string, files: string[], options: { version: string; branch?: string; commit?: string }) {
  const out: PactPublication[] = [];
  for (const [consumer, { declarations, notices, files: read }] of await readPactDeclarations(client, cwd, files)) {
    // A consumer known only from its pacts is registered with no owners; a known one keeps its own.
    const known = await client.getService(consumer).catch((e: unknown) => {
      if (e instanceof RegistryError && e.status === 404) return undefined;
      throw e;
    });
    if (!known) await client.putService(consumer, { owners: [] });
    // One pact file is kept as a manifest's path is, so a refusal says `declared at pacts/web-users.json:12`. From
    // several, each use keeps its own file (its path in the repository), since one path would be wrong for the others.
    const [only] = read.length === 1 ? read : [];
    const inRepository = new Map(await Promise.all(read.map(async (file) => [file, await findRepositoryPath(cwd, file)] as const)));
    const result = await client.publish(consumer, {
      version: options.version,
      ...(options.branch && { branch: options.branch }),
      ...(options.commit && { commit: options.commit }),
      declarations: declarations.map((d) => inFile(d, (file) => (only === undefined ? inRepository.get(file) : undefined))),
      ...(only !== undefined && { manifestFile: inRepository.get(only) }),
    });
    const owned = { owners: known?.owners ?? [], ...(known?.slack && { slack: known.slack }) };
    out.push({ consumer, result, declarations, notices, files: read, ...owned });
  }
  return out;
}

/** Each use of the declaration in `file`, or in the file `file` maps its own to (none: the version's one manifest path names it). */
function inFile(declaration: Declaration, file: string | ((own: string) => string | undefined)): Declaration {
  if (declaration.uses === '*') return declaration;
  const uses = declaration.uses.map(({ file: own, ...use }) => {
    const named = typeof file === 'string' ? file : own === undefined ? undefined : file(own);
    return named === undefined ? use : { ...use, file: named };
  });
  return { ...declaration, uses };
}

/**
 * declarePact keeps only the interactions it can name an operation for. One it cannot (a provider the registry does not
 * know, or a path no contract of it has) left the consumer declaring nothing of it, and can-i-deploy said yes to a
 * consumer whose tests call what nothing deployed offers. Declared as written (`GET /orders/1`), the gate refuses it
 * (provider not deployed, or operation missing) until the provider offers it, then judges it against the operation
 * whose template it fits (`GET /orders/{id}`, findOperation in contracts/satisfy.ts), as the diff attributes changes.
 */
function declareUnmatchedToo(pact: Pact, contracts: OpenApiDocument[], file: string): { declaration?: Declaration; notices: Notice[] } {
  const { declaration, notices } = declarePact(pact, contracts, file);
  const matchers = contracts.map(createOperationMatcher);
  const unmatched = pact.interactions.filter((i) => !matchers.some((match) => match(i.method, i.path, false) !== undefined));
  if (unmatched.length === 0) return { declaration, notices };
  const written = mergeUses(
    unmatched.map((i) => ({
      operation: `${i.method} ${i.path}`,
      params: i.query,
      request: i.request,
      response: i.response,
      ...(i.mediaType !== undefined && { requestMediaTypes: [i.mediaType] }),
      ...(i.responseMediaType !== undefined && { responseMediaTypes: [i.responseMediaType] }),
      statuses: i.statuses,
      ...(i.line !== undefined && { line: i.line }),
    })),
  );
  const uses = mergeUses([...(declaration && Array.isArray(declaration.uses) ? declaration.uses : []), ...written]);
  const why =
    contracts.length === 0
      ? `${pact.provider} has no contract in the registry`
      : `${written.length === 1 ? 'it matches' : 'they match'} no operation of ${pact.provider}'s latest contracts`;
  const note = {
    code: 'pact-declared-as-written',
    message:
      `${unmatched.map((i) => `${i.description}: ${i.method} ${i.path}`).join('; ')}: declared as written (${why}): can-i-deploy refuses ${pact.consumer} until ${pact.provider} ` +
      `offers ${written.length === 1 ? 'it' : 'them'} where it deploys; from then on the gate judges ${written.length === 1 ? 'it' : 'each'} against the operation whose path template ${written.length === 1 ? 'it fits' : 'they fit'}, fields included`,
    file,
  };
  // "matches no operation" and "the pact declares nothing of it" are said again, with what is declared instead.
  const kept = notices.filter((n) => n.code !== 'pact-provider-unknown' && n.code !== 'pact-operation-unknown');
  return { declaration: { consumer: pact.consumer, provider: pact.provider, uses }, notices: [...kept, note] };
}

/** A quoted glob (`--pact 'pacts/*.json'`) is expanded here, as diff expands --consumers; a plain name is kept as given. */
async function expandPactFiles(cwd: string, patterns: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (!/[*?[{]/.test(pattern)) {
      files.push(pattern);
      continue;
    }
    const { glob } = await import('tinyglobby');
    const matched = (await glob(pattern, { cwd, absolute: false, onlyFiles: true })).sort();
    if (matched.length === 0) throw new CommandError('ERR_PACT_UNREADABLE', `no Pact file matches "${pattern}"`);
    files.push(...matched);
  }
  return files;
}

/**
 * Uses alike (the same operation, parameters, fields and media types) are one, at the first one's line; uses that differ
 * stay apart, each at its own line, as declarePact keeps them. Within a file only: two files' entries of one operation
 * stay two, each with its own line, so a finding names the file whose entry reads the field (contracts/gate/declared-at.ts
 * picks the entry naming it).
 */
function mergeUses(uses: OperationUsage[]): OperationUsage[] {
  const merged = new Map<string, OperationUsage>();
  for (const use of uses) {
    const key = `${use.file ?? ''}\u0000${sameUseKey(use)}`;
    if (!merged.has(key)) merged.set(key, use);
  }
  return [...merged.values()];
}

/** Two pact files of one consumer and provider (one per test suite) are one declaration: the registry takes one per provider. */
function addDeclaration(declarations: Declaration[], declaration: Declaration): void {
  const same = declarations.findIndex((d) => d.provider === declaration.provider);
  if (same === -1) {
    declarations.push(declaration);
    return;
  }
  const uses = (d: Declaration) => (Array.isArray(d.uses) ? d.uses : []);
  declarations[same] = { ...declaration, uses: mergeUses([...uses(declarations[same]), ...uses(declaration)]) };
}
