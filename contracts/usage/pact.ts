// Pact files (specification v2, v3, v4; HTTP interactions) -> declarations: what a consumer's tests show it sends
// and reads of a provider. Pure: the provider's contract is passed in to name each interaction's operation.

import type { OpenApiDocument } from '../load/load.js';
import type { Declaration, Notice, OperationUsage } from '../model.js';
import { indexOperations } from '../schema/operations.js';
import { Resolver } from '../schema/resolve.js';
import { readPactBody } from './pact-body.js';
import { findInteractionLines } from './pact-lines.js';
import { readPactStatuses } from './pact-status.js';
import { createOperationMatcher } from './path-match.js';
import { readServiceNames } from './service-name.js';

interface PactInteraction {
  description: string;
  /** The line of the file it starts on: the declared use's line (`declared at pacts/web-users.json:12`). */
  line?: number;
  method: string;
  path: string;
  /** Query parameter names sent. */
  query: string[];
  /** Header names sent, as the pact writes them. */
  headers: string[];
  /** Cookie names sent in its `Cookie` header(s): a cookie parameter the operation requires is sent there. */
  cookies: string[];
  /** Request body fields sent, as field paths (`address.city`, `items[].sku`). */
  request: string[];
  /** The request body's media type (its Content-Type, `*\/*` when unsaid); absent when no body is sent. */
  mediaType?: string;
  /** Response body fields the consumer's test expects, so reads. */
  response: string[];
  /** The response body's media type, as `mediaType` for the request. */
  responseMediaType?: string;
  /** The statuses the consumer's test expects (`404`; `4XX` for a rule accepting any client error). */
  statuses: string[];
}

export interface Pact {
  consumer: string;
  provider: string;
  /**
   * A camel-case name's other reading, its words run together (`UsersService`: `usersservice` beside `users-service`),
   * for the caller to prefer when the registry knows only that one. Absent when the name has one reading.
   */
  joined?: { consumer?: string; provider?: string };
  specification: string;
  interactions: PactInteraction[];
  /** Interactions that are not HTTP (v4 messages) or cannot be read. */
  notices: Notice[];
}

class PactError extends Error {
  readonly code = 'ERR_PACT_INVALID';

  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'PactError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** As deep as a contract or a manifest may nest (contracts/load/inspect.ts): a body 100,000 levels deep overflowed the stack. */
const MAX_PACT_BODY_DEPTH = 64;

/** Thrown by fieldPaths past MAX_PACT_BODY_DEPTH; parsePact names the file and the interaction. */
class PactBodyTooDeep extends Error {}

/** Field paths of a JSON value: nested objects dotted, arrays as `[]`, leaves only (an empty object counts as itself). */
export function fieldPaths(value: unknown, prefix = '', depth = 0): string[] {
  if (depth > MAX_PACT_BODY_DEPTH) throw new PactBodyTooDeep(`a body nested deeper than ${MAX_PACT_BODY_DEPTH} levels`);
  if (Array.isArray(value)) {
    // Items that are objects name their fields; an array of scalars is read as a whole.
    const objects = value.filter((item) => typeof item === 'object' && item !== null);
    const inner = [...new Set(objects.flatMap((item) => fieldPaths(item, `${prefix}[]`, depth + 1)))];
    return inner.length > 0 ? inner : prefix ? [prefix] : [];
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return prefix ? [prefix] : [];
    return keys.flatMap((key) => fieldPaths(value[key], prefix === '' ? key : `${prefix}.${key}`, depth + 1));
  }
  return prefix ? [prefix] : [];
}

/** fieldPaths of one interaction's body, its depth bound said as a problem of the file. */
function bodyPaths(body: unknown, file: string, description: string): string[] {
  try {
    return fieldPaths(body);
  } catch (error) {
    if (error instanceof PactBodyTooDeep) throw new PactError(file, `${description}: ${error.message}`);
    throw error;
  }
}

function queryNames(query: unknown): string[] {
  if (typeof query === 'string') return [...new Set([...new URLSearchParams(query).keys()])];
  return isObject(query) ? Object.keys(query) : [];
}

function specificationOf(pact: Record<string, unknown>): string {
  const metadata = isObject(pact.metadata) ? pact.metadata : {};
  for (const key of ['pactSpecification', 'pact-specification', 'pactSpecificationVersion']) {
    const entry = metadata[key];
    if (isObject(entry) && typeof entry.version === 'string') return entry.version;
    if (typeof entry === 'string') return entry;
  }
  return '2.0.0';
}

/**
 * A pacticipant's registry name: read in any case (`Users-Service` is users-service), as a span's `service.name` is, and
 * in camel case as its words (`UsersService`, `usersService`: users-service), as Pact libraries' examples write them;
 * lower-cased alone, those named a service nobody registered and the pact's uses counted for no one. A name that is
 * none in any case stops here, with the form it would take, rather than at the registry's route.
 */
function nameOf(party: unknown, what: string, file: string): string {
  if (!isObject(party) || typeof party.name !== 'string' || party.name === '') throw new PactError(file, `the pact names no ${what} (${what}.name)`);
  const [name] = readServiceNames(party.name);
  if (name !== undefined) return name;
  const like = party.name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  throw new PactError(
    file,
    `the pact's ${what}.name ${JSON.stringify(party.name)} is no service name: services are named in kebab-case, like ${like === '' ? 'checkout-web' : like}; name the ${what} so in its Pact tests`,
  );
}

/** The name lower-cased alone, when that is a registry name other than its words' reading. */
function joinedOf(party: unknown): string | undefined {
  return readServiceNames(isObject(party) && typeof party.name === 'string' ? party.name : '')[1];
}

export function parsePact(text: string, file: string): Pact {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PactError(file, `not JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw)) throw new PactError(file, 'a pact is a JSON object with consumer, provider and interactions');
  const specification = specificationOf(raw);
  const v4 = specification.startsWith('4');
  const list = raw.interactions ?? [];
  if (!Array.isArray(list)) throw new PactError(file, 'interactions must be an array');
  const notices: Notice[] = [];
  const interactions: PactInteraction[] = [];
  const lines = findInteractionLines(text);
  list.forEach((entry, i) => {
    const description = isObject(entry) && typeof entry.description === 'string' ? entry.description : `interaction ${i + 1}`;
    const type = isObject(entry) && typeof entry.type === 'string' ? entry.type : 'Synchronous/HTTP';
    const request = isObject(entry) && isObject(entry.request) ? entry.request : undefined;
    if (type !== 'Synchronous/HTTP' || !request || typeof request.method !== 'string' || typeof request.path !== 'string') {
      notices.push({ code: 'pact-interaction-skipped', message: `${description}: not an HTTP interaction with a method and a path`, file });
      return;
    }
    const response = isObject(entry) && isObject(entry.response) ? entry.response : {};
    // Some pacts write the query into the path (`/users?fields=email`): it is the query all the same.
    const [path, written = ''] = request.path.replace(/#.*$/, '').split(/\?(.*)/s);
    const sent = readPactBody(request, v4);
    const read = readPactBody(response, v4);
    interactions.push({
      description,
      ...(lines[i] !== undefined && { line: lines[i] }),
      method: request.method.toUpperCase(),
      path,
      query: [...new Set([...queryNames(request.query), ...queryNames(written)])],
      headers: isObject(request.headers) ? Object.keys(request.headers) : [],
      cookies: cookieNames(request.headers),
      request: bodyPaths(sent.body, file, description),
      ...(sent.mediaType !== undefined && { mediaType: sent.mediaType }),
      response: bodyPaths(read.body, file, description),
      ...(read.mediaType !== undefined && { responseMediaType: read.mediaType }),
      statuses: readPactStatuses(response),
    });
  });
  const consumer = nameOf(raw.consumer, 'consumer', file);
  const provider = nameOf(raw.provider, 'provider', file);
  const consumerJoined = joinedOf(raw.consumer);
  const providerJoined = joinedOf(raw.provider);
  const joined: NonNullable<Pact['joined']> = { ...(consumerJoined && { consumer: consumerJoined }), ...(providerJoined && { provider: providerJoined }) };
  return { consumer, provider, ...((consumerJoined || providerJoined) && { joined }), specification, interactions, notices };
}

/** `Cookie: a=1; b=2` (one string, or a list in v4) -> `a`, `b`; whatever the header name's case. */
function cookieNames(headers: unknown): string[] {
  if (!isObject(headers)) return [];
  const values = Object.entries(headers).flatMap(([name, value]) => (name.toLowerCase() === 'cookie' ? [value].flat() : []));
  const pairs = values.filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(';'));
  return [...new Set(pairs.map((pair) => pair.split('=')[0].trim()).filter((name) => name !== ''))];
}

const union = (a: string[] | undefined, b: string[]) => [...new Set([...(a ?? []), ...b])];

/**
 * The pact's interactions as the consumer's declaration of its provider: each matched to an operation of the
 * provider's contracts, newest first (a pact may describe a call the latest version dropped: the gate must see it),
 * path parameters by position. Interactions of one operation that send and read the same are one use, at the first
 * one's line; those that differ stay uses of their own, each at its interaction's line, so that a refusal about a field
 * one of them reads names that interaction (contracts/gate/declared-at.ts picks the use naming the field), and each
 * is judged as the request it is. Unmatched ones are notices.
 */
export function declarePact(pact: Pact, contracts: OpenApiDocument[], file: string): { declaration?: Declaration; notices: Notice[] } {
  const notices = [...pact.notices];
  if (contracts.length === 0) {
    notices.push({ code: 'pact-provider-unknown', message: `${pact.provider} has no contract in the registry: the pact declares nothing of it`, file });
    return { notices };
  }
  const place = createPlacer(contracts);
  const byUse = new Map<string, OperationUsage>();
  for (const interaction of pact.interactions) {
    const placed = place(interaction.method, interaction.path);
    if (!placed) {
      notices.push({
        code: 'pact-operation-unknown',
        message: `${interaction.description}: ${interaction.method} ${interaction.path} matches no operation of ${pact.provider}`,
        file,
      });
      continue;
    }
    const { operation, headerParameters, cookieParameters } = placed;
    const sent = new Set(interaction.headers.map((h) => h.toLowerCase()));
    // Cookie names are case-sensitive (RFC 6265), header names are not.
    const cookies = cookieParameters.filter((c) => interaction.cookies.includes(c));
    const use: OperationUsage = {
      operation,
      params: union([...interaction.query, ...headerParameters.filter((h) => sent.has(h.toLowerCase()))], cookies),
      request: union(undefined, interaction.request),
      response: union(undefined, interaction.response),
      ...(interaction.mediaType !== undefined && { requestMediaTypes: [interaction.mediaType] }),
      ...(interaction.responseMediaType !== undefined && { responseMediaTypes: [interaction.responseMediaType] }),
      statuses: interaction.statuses,
    };
    const key = sameUseKey(use);
    if (!byUse.has(key)) byUse.set(key, { ...use, ...(interaction.line !== undefined && { line: interaction.line }) });
  }
  if (byUse.size === 0) return { notices };
  return { declaration: { consumer: pact.consumer, provider: pact.provider, uses: [...byUse.values()] }, notices };
}

/** What a use sends and reads, whatever the order: two interactions with the same key are one use. */
export function sameUseKey(use: OperationUsage): string {
  const sorted = (names: readonly string[] | undefined) => [...(names ?? [])].sort();
  const { operation, params, request, response, requestMediaTypes, responseMediaTypes, statuses } = use;
  return JSON.stringify([
    operation,
    sorted(params),
    sorted(request),
    sorted(response),
    sorted(requestMediaTypes),
    sorted(responseMediaTypes),
    sorted(statuses),
  ]);
}

/**
 * Each interaction's operation in the newest contract that has it, with that operation's header and cookie parameters:
 * a header or cookie the pact sends counts as the parameter it names (a required `X-Tenant` is sent); the others a
 * provider ignores, so they are not declared, or the gate would call them parameters the operation does not take.
 */
function createPlacer(contracts: OpenApiDocument[]) {
  const placers = contracts.map((doc) => {
    const match = createOperationMatcher(doc);
    let operations: Map<string, { in: string; name: string }[]> | undefined;
    const parametersOf = (label: string, where: 'header' | 'cookie') => {
      operations ??= new Map([...indexOperations(doc, new Resolver(doc)).values()].map((op) => [op.label, op.parameters]));
      return (operations.get(label) ?? []).filter((p) => p.in === where).map((p) => p.name);
    };
    return { match, parametersOf };
  });
  return (method: string, path: string): { operation: string; headerParameters: string[]; cookieParameters: string[] } | undefined => {
    for (const { match, parametersOf } of placers) {
      const operation = match(method, path, false);
      if (operation !== undefined)
        return { operation, headerParameters: parametersOf(operation, 'header'), cookieParameters: parametersOf(operation, 'cookie') };
    }
    return undefined;
  };
}
