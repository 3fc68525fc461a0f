// Whether a provider's contract offers what a consumer declares it uses: the operations, the response
// fields it reads, a place for every request field and parameter it sends, and every required input among those.

import { sendsParameter, usesWholeOperation } from './impact-usage.js';
import type { OpenApiDocument } from './load/load.js';
import type { Declaration, OperationUsage, VerdictReason } from './model.js';
import type { Schema } from './schema/dialect.js';
import { joinField, splitField } from './schema/field-path.js';
import { createSchemaContext, type FieldPresence, findField, requiredAt, type SchemaContext } from './schema/field-walk.js';
import { indexOperations, type OperationEntry, operationKey } from './schema/operations.js';
import { joinPointer } from './schema/pointer.js';
import { type Located, Resolver } from './schema/resolve.js';
import { parseOperationRef } from './usage/manifest.js';
import { landsIn } from './usage/media-types.js';
import { describeGuess } from './usage/nearest-name.js';
import { placeConcretePath } from './usage/path-match.js';
import { mediaSchemas, readResponses, type StatusAnswer } from './usage/response-bodies.js';
import { selectStatuses, unansweredStatuses } from './usage/response-status.js';
import { createGuesser, findNearestField, findNearestOperation, findNearestParameter } from './usage/satisfy-nearest.js';
import { type ServerBases, serverPaths } from './usage/server-bases.js';
import { type VersionReading, versionRead } from './usage/version-read.js';

// A contract is immutable once loaded: the gate checks hundreds of consumers against one, and asks about it again
// and again, so its operation index and its answers are kept with the document (and go when it goes).
// The same declaration object (a caller that keeps what it parsed sends the same one again) is found without writing
// its key: for a hub, writing hundreds of keys cost more than the answers.
interface ProviderIndex {
  /** Over the document as written: what names and places operations, which no version reads differently. */
  operations: Map<string, OperationEntry>;
  /** The servers' paths, which a concrete path may begin with (serverPaths). */
  bases: ServerBases;
  /** Names an API key travels under (lower-cased): a consumer sends them, though no Parameter Object names them. */
  keyNames: Set<string>;
  answers: Map<string, VerdictReason[]>;
  byDeclaration: WeakMap<Declaration, VerdictReason[]>;
}
const indexed = new WeakMap<object, ProviderIndex>();
const MAX_ANSWERS = 10_000;

function indexProvider(doc: OpenApiDocument): ProviderIndex {
  let known = indexed.get(doc);
  if (!known) {
    const operations = indexOperations(doc, new Resolver(doc));
    const bases = serverPaths(doc);
    indexed.set(doc, (known = { operations, bases, keyNames: apiKeyNames(doc), answers: new Map(), byDeclaration: new WeakMap() }));
  }
  return known;
}

/** The operations of a contract by key, indexed once per document (and shared: not to be changed). */
export function operationsOf(doc: OpenApiDocument): Map<string, OperationEntry> {
  return indexProvider(doc).operations;
}

/**
 * The reasons `provider` does not satisfy `declaration`; empty when it does. Pure: an answer given before is given
 * again, which holds only while nobody changes a declaration once it has been judged.
 */
export function checkSatisfies(provider: { doc: OpenApiDocument; foreignKeywords?: boolean }, declaration: Declaration): VerdictReason[] {
  const reasons = readSatisfies(provider, declaration);
  return reasons.length === 0 ? [] : reasons.map((r) => ({ ...r }));
}

/** `checkSatisfies` without the copies, for a caller that makes its own: the answer is shared and must not be changed. */
export function readSatisfies(provider: { doc: OpenApiDocument; foreignKeywords?: boolean }, declaration: Declaration): readonly Readonly<VerdictReason>[] {
  if (declaration.uses === '*') return [];
  const known = indexProvider(provider.doc);
  let reasons = known.byDeclaration.get(declaration);
  if (!reasons) {
    const key = JSON.stringify([declaration.consumer, declaration.provider, declaration.uses]);
    reasons = known.answers.get(key);
    if (!reasons) {
      if (known.answers.size >= MAX_ANSWERS) known.answers.clear();
      known.answers.set(key, (reasons = judgeUses({ ...known, ...versionRead(provider, known.operations) }, declaration, declaration.uses)));
    }
    known.byDeclaration.set(declaration, reasons);
  }
  return reasons;
}

function judgeUses(
  { resolver, operations, bases, keyNames }: ProviderIndex & VersionReading,
  declaration: Declaration,
  uses: OperationUsage[],
): VerdictReason[] {
  const reasons: VerdictReason[] = [];
  // A miss is said with what the consumer most likely meant (usage/satisfy-nearest.ts): searched for misses only.
  const guess = createGuesser();
  for (const usage of uses) {
    const entry = findOperation(usage.operation, operations, bases);
    const say = (code: VerdictReason['code'], message: string, field?: string) =>
      reasons.push({
        code,
        severity: 'error',
        message,
        consumer: declaration.consumer,
        provider: declaration.provider,
        operation: entry?.label ?? usage.operation,
        ...(field !== undefined ? { field } : {}),
      });
    if (!entry) {
      const meant = guess(() => findNearestOperation(usage.operation, operations));
      say('operation-missing', `${declaration.provider} does not offer ${usage.operation}, which ${declaration.consumer} uses${describeGuess(meant)}`);
      continue;
    }
    const where = `${entry.label} of ${declaration.provider}`;
    const unanswered = unansweredStatuses(Object.keys(entry.operation.responses ?? {}), usage.statuses);
    if (unanswered) say('field-missing', `${where} does not answer ${unanswered.join(' or ')}, which ${declaration.consumer} expects`);
    if (usesWholeOperation(usage)) {
      // A whole operation names no field, but it may name the media types it is used in (a manifest's media type lists).
      const unread = unansweredMediaTypes(entry, usage, resolver);
      if (unread) say('field-missing', `${where} returns no body in ${unread.join(', ')}, which ${declaration.consumer} reads`);
      const unsent = unacceptedMediaTypes(requestBodyOf(entry, resolver)?.node?.content, usage);
      if (unsent) say('request-field-rejected', `${where} takes no request body in ${unsent.join(', ')}, which ${declaration.consumer} sends`);
      continue;
    }
    const nearest = (bodies: Located<Schema>[], field: string, ctx: SchemaContext) => describeGuess(guess(() => findNearestField(bodies, field, ctx)));
    checkResponse(entry, usage, resolver, (field, bodies, ctx, status) => {
      const on = status ? ` in its ${status} response` : '';
      say('field-missing', `${where} does not return \`${field}\`${on}, which ${declaration.consumer} reads${nearest(bodies, field, ctx)}`, field);
    });
    checkRequest(entry, usage, resolver, {
      rejected: (field, bodies, ctx) =>
        say(
          'request-field-rejected',
          `${where} does not accept \`${field}\` in its request body, which ${declaration.consumer} sends${nearest(bodies, field, ctx)}`,
          field,
        ),
      unaccepted: (types) => say('request-field-rejected', `${where} takes no request body in ${types.join(', ')}, which ${declaration.consumer} sends`),
      required: (field, what) => say('required-input-missing', `${where} requires ${what}, which ${declaration.consumer} does not send`, field),
    });
    checkParameters(entry, usage, (name, location) =>
      say('required-input-missing', `${where} requires the ${location} parameter \`${name}\`, which ${declaration.consumer} does not send`, name),
    );
    for (const name of unknownParameters(entry, usage, resolver, keyNames)) {
      const meant = guess(() => findNearestParameter(name, entry));
      say('parameter-rejected', `${where} takes no parameter \`${name}\`, which ${declaration.consumer} sends${describeGuess(meant)}`, name);
    }
  }
  return dedupe(reasons);
}

/**
 * An operation named by `METHOD /path` (any parameter names, or a concrete path its template fits, with or without
 * a server's path in front: `bases`, from serverPaths of the same document) or by operationId.
 */
export function findOperation(ref: string, operations: Map<string, OperationEntry>, bases: ServerBases): OperationEntry | undefined {
  const parsed = parseOperationRef(ref);
  if (!parsed) return undefined;
  if ('method' in parsed) {
    const exact = operations.get(operationKey(parsed.method, parsed.path));
    if (exact) return exact;
    // A concrete call declared as written (a Pact interaction the registry could not place when it was published).
    const placed = placeConcretePath(operations, parsed.method, parsed.path, bases);
    return placed === undefined ? undefined : operations.get(placed);
  }
  return [...operations.values()].find((op) => op.operation.operationId === parsed.operationId);
}

/** Reports a field with the bodies and the reading it was looked for in, where its nearest name is found. */
type FieldReport = (field: string, bodies: Located<Schema>[], ctx: SchemaContext, status?: string) => void;

function checkResponse(entry: OperationEntry, usage: OperationUsage, resolver: Resolver, missing: FieldReport): void {
  if (!usage.response || usage.response.length === 0) return;
  // A status the operation does not answer is said once (unansweredStatuses), not once more for each field of its body.
  if (usage.statuses !== undefined && selectStatuses(Object.keys(entry.operation.responses ?? {}), usage.statuses).length === 0) return;
  const { bodies, byStatus } = readResponses(entry, resolver, usage.statuses, usage.responseMediaTypes);
  const ctx = createSchemaContext(resolver, 'response');
  for (const field of usage.response) {
    // A use naming statuses reads its fields in each of them (a 4XX's `message` is read on every client error), so a
    // status lacking the field is a miss whatever another status returns; unsaid, any success response may do.
    const judged = usage.statuses === undefined ? [] : statusesReading(byStatus, field);
    if (judged.length === 0) {
      if (!byStatus.some((answer) => answer.headers.has(field.toLowerCase())) && bestPresence(bodies, field, ctx) === 'missing') missing(field, bodies, ctx);
      continue;
    }
    const lacking = judged.find((answer) => lacksRead(answer, field, ctx));
    if (lacking) missing(field, lacking.bodies, ctx, judged.length > 1 ? lacking.status : undefined);
  }
}

/**
 * The responses a field is read in, each alone: a header one of them declares is read as a header, in every one of
 * them (a body-less 409 sends headers too); a body field only in those with a body (a 204 has nothing to read it in).
 */
function statusesReading(byStatus: StatusAnswer[], field: string): StatusAnswer[] {
  const name = field.toLowerCase();
  return byStatus.some((answer) => answer.headers.has(name)) ? byStatus : byStatus.filter((answer) => answer.bodies.length > 0);
}

/** Whether one response gives a consumer no `field` to read: no header of that name, and no body having it. */
export function lacksRead(answer: StatusAnswer, field: string, ctx: SchemaContext): boolean {
  return !answer.headers.has(field.toLowerCase()) && bestPresence(answer.bodies, field, ctx) === 'missing';
}

interface RequestReport {
  rejected: FieldReport;
  /** The body goes in media types the operation takes none of. */
  unaccepted(mediaTypes: readonly string[]): void;
  required(field: string | undefined, what: string): void;
}

function checkRequest(entry: OperationEntry, usage: OperationUsage, resolver: Resolver, report: RequestReport): void {
  const body = requestBodyOf(entry, resolver);
  const content = body?.node?.content;
  const sentIn = usage.requestMediaTypes;
  // Named media types say a body is sent, even by a manifest use that lists no request field.
  const unsent = unacceptedMediaTypes(content, usage);
  if (unsent) return report.unaccepted(unsent);
  if (usage.request === undefined) return;
  // Only the media types the body may be sent in: a field or a requirement of another one is not this consumer's.
  const schemas = body ? mediaSchemas(content, body.pointer, sentIn) : [];
  if (usage.request.length === 0) {
    if (body?.node?.required === true && !(sentIn && sentIn.length > 0)) report.required(undefined, 'a request body');
    return;
  }
  const ctx = createSchemaContext(resolver, 'request');
  // Rejected when the schema has no place for it, closed or not: an undeclared field is dropped at best (as the diff judges a removed one).
  for (const field of usage.request) if (bestPresence(schemas, field, ctx) === 'missing') report.rejected(field, schemas, ctx);
  const sent = usage.request.map(splitField);
  for (const prefix of objectsSentInto(sent)) {
    for (const name of requiredByAll(schemas, prefix, ctx)) {
      const field = [...prefix, name].reduce(joinField, '');
      if (!sent.some((s) => startsWith(s, [...prefix, name]))) report.required(field, `the request field \`${field}\``);
    }
  }
}

function checkParameters(entry: OperationEntry, usage: OperationUsage, missing: (name: string, location: string) => void): void {
  if (usage.params === undefined) return;
  for (const p of entry.parameters) {
    // A path parameter is part of the path the consumer calls: it is always sent.
    if (p.in === 'path' || p.node.required !== true) continue;
    if (!sendsParameter(usage.params, p.in, p.name)) missing(p.name, p.in);
  }
}

// Header parameters named Accept, Content-Type or Authorization are ignored by OpenAPI: a consumer sends them anyway.
const HEADERS_NOT_PARAMETERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * The parameters a consumer lists that the operation does not take: a misspelt `limt` is sent and ignored at best, so
 * the consumer relies on something the provider never offered. Not counted: any path parameter (its name is not on the
 * wire: the consumer may name one as its own operation does), the headers OpenAPI leaves out, an API key's name,
 * and a form field a Swagger 2.0 `formData` parameter became (a field of the request body).
 */
function unknownParameters(entry: OperationEntry, usage: OperationUsage, resolver: Resolver, keyNames: Set<string>): string[] {
  if (!usage.params || usage.params.length === 0) return [];
  const ref = parseOperationRef(usage.operation);
  const ownPath = ref && 'path' in ref ? ref.path : '';
  const body = requestBodyOf(entry, resolver);
  const schemas = body ? mediaSchemas(body.node?.content, body.pointer) : [];
  const ctx = createSchemaContext(resolver, 'request');
  return usage.params.filter((name) => {
    const lower = name.toLowerCase();
    const taken = entry.parameters.some((p) => (p.in === 'header' ? p.name.toLowerCase() === lower : p.name === name));
    if (taken || HEADERS_NOT_PARAMETERS.has(lower) || keyNames.has(lower) || ownPath.includes(`{${name}}`)) return false;
    return schemas.length === 0 || bestPresence(schemas, name, ctx) === 'missing';
  });
}

function apiKeyNames(doc: OpenApiDocument): Set<string> {
  const d = doc as { components?: { securitySchemes?: Record<string, unknown> }; securityDefinitions?: Record<string, unknown> };
  const schemes = { ...(d.securityDefinitions ?? {}), ...(d.components?.securitySchemes ?? {}) };
  const names = new Set<string>();
  for (const scheme of Object.values(schemes) as { type?: unknown; name?: unknown }[]) {
    if (scheme?.type === 'apiKey' && typeof scheme.name === 'string') names.add(scheme.name.toLowerCase());
  }
  return names;
}

/** The operation's Request Body Object, its $ref followed, or undefined when it takes none. */
function requestBodyOf(entry: OperationEntry, resolver: Resolver): Located<any> | undefined {
  return entry.operation.requestBody ? resolver.follow(entry.operation.requestBody, joinPointer(entry.pointer, 'requestBody')) : undefined;
}

/** The media types a use sends its body in when the operation takes a body in none of them; else undefined. */
function unacceptedMediaTypes(content: unknown, usage: OperationUsage): readonly string[] | undefined {
  const sentIn = usage.requestMediaTypes;
  const taken = content && typeof content === 'object' ? Object.keys(content) : [];
  return sentIn && sentIn.length > 0 && taken.length > 0 && !taken.some((media) => landsIn(media, sentIn)) ? sentIn : undefined;
}

/** The media types a use reads in that no success response of the operation has a body in; undefined when one has. */
function unansweredMediaTypes(entry: OperationEntry, usage: OperationUsage, resolver: Resolver): string[] | undefined {
  const readsIn = usage.responseMediaTypes;
  if (!readsIn || readsIn.length === 0) return undefined;
  const all = readResponses(entry, resolver, usage.statuses).bodies.length;
  // An operation that answers no body at all (a bare 204) is in no media type: nothing to miss.
  return all > 0 && readResponses(entry, resolver, usage.statuses, readsIn).bodies.length === 0 ? readsIn : undefined;
}

/** The best a field fares in any of the media types: a consumer uses the one that has it. */
function bestPresence(schemas: Located<Schema>[], field: string, ctx: SchemaContext): FieldPresence {
  let best: FieldPresence = 'missing';
  for (const schema of schemas) {
    const p = findField(schema, field, ctx);
    if (p === 'declared') return p;
    if (p === 'open') best = p;
  }
  return best;
}

/** Every object a sent field passes through or ends in a property of: the body itself and each proper prefix. */
function objectsSentInto(sent: string[][]): string[][] {
  const out = new Map<string, string[]>();
  for (const segments of sent) for (let i = 0; i < segments.length; i++) out.set(segments.slice(0, i).join('\u0000'), segments.slice(0, i));
  return [...out.values()];
}

/** Required in every media type: the consumer may send whichever asks least. */
function requiredByAll(schemas: Located<Schema>[], prefix: string[], ctx: SchemaContext): string[] {
  if (schemas.length === 0) return [];
  const [first, ...rest] = schemas.map((s) => new Set(requiredAt(s, prefix, ctx)));
  return [...first].filter((name) => rest.every((set) => set.has(name))).sort();
}

function startsWith(segments: string[], prefix: string[]): boolean {
  return prefix.length <= segments.length && prefix.every((s, i) => segments[i] === s);
}

function dedupe(reasons: VerdictReason[]): VerdictReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.operation}|${r.field ?? ''}|${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `METHOD /path` (any parameter names) or an operationId -> how the contract names that operation, when it has it. */
export function createOperationNamer(doc: OpenApiDocument): (ref: string) => { label: string; operationId?: string } | undefined {
  const operations = indexOperations(doc, new Resolver(doc));
  const bases = serverPaths(doc);
  return (ref) => {
    const found = findOperation(ref, operations, bases);
    const id = found?.operation.operationId;
    return found && { label: found.label, ...(typeof id === 'string' && { operationId: id }) };
  };
}
