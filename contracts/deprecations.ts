// The deprecated parts of a contract, and which of them a consumer's declared use reaches: the one place the
// dashboard, the sunset notifier and migrations learn what is deprecated and when it goes away. Pure.

import { sendsParameter, usesWholeOperation } from './impact-usage.js';
import type { OpenApiDocument } from './load/load.js';
import type { OperationUsage } from './model.js';
import { operationSunsetOf, parseSunset, sunsetOf } from './rules/operations.js';
import { operationsOf } from './satisfy.js';
import { indexDeprecatedFields } from './schema/deprecated-fields.js';
import { splitField } from './schema/field-path.js';
import { createSchemaContext } from './schema/field-walk.js';
import { type OperationEntry, operationKey } from './schema/operations.js';
import { joinPointer } from './schema/pointer.js';
import type { Located, Resolver } from './schema/resolve.js';
import { placeConcretePath } from './usage/path-match.js';
import { selectStatuses } from './usage/response-status.js';
import { serverPaths } from './usage/server-bases.js';
import { parseOperationRef } from './usage/shape.js';
import { versionRead } from './usage/version-read.js';

const NO_BODIES: { request: Located[]; response: StatusBodies[] } = { request: [], response: [] };

/** One response's body schemas (every media type), under its key in the contract (`200`, `404`, `4XX`, `default`). */
interface StatusBodies {
  status: string;
  schemas: Located[];
}

type DeprecatedPart = 'operation' | 'parameter' | 'request-field' | 'response-field' | 'response-header';

export interface Deprecation {
  part: DeprecatedPart;
  /** `GET /users/{id}` as the contract writes it. */
  operation: string;
  /** What a consumer's usage may name the operation by: `GET /users/{}` (any parameter names) or its operationId. */
  operationKey: string;
  operationId?: string;
  /** Part `parameter`: its name and where it goes. */
  parameter?: { name: string; in: string };
  /** Parts `request-field`, `response-field`: the first deprecated property along the path; all it holds goes with it. */
  field?: string;
  /** Parts `response-field`, `response-header`: the responses (their keys) that have it; a reader of other statuses does not use it. */
  statuses?: string[];
  /** Part `response-header`: its name as the first response that deprecates it writes it (matched without case). */
  header?: string;
  deprecated: true;
  /** `x-sunset` as written on the part, else on its operation, else on its path item. */
  sunset?: string;
  /** The sunset as a `YYYY-MM-DD` date, when it can be read. */
  sunsetDate?: string;
  /** JSON pointer to where the part is declared deprecated. */
  pointer: string;
}

/** One deprecation a usage reaches; `field` is the consumer's own field path when the part is a field. */
export interface DeprecationUse {
  deprecation: Deprecation;
  field?: string;
  /** Reached only because the usage takes its operation whole (no lists, `'*'`, a call seen in traces): it may use it. */
  whole?: true;
}

/**
 * Every deprecated operation, parameter, request or response property and response header of a contract, in document order.
 * `fields: false` skips the body properties, the costly part, for callers that need only operations and parameters.
 */
export function listDeprecations(doc: OpenApiDocument, options: { fields?: boolean; foreignKeywords?: boolean } = {}): readonly Deprecation[] {
  const withFields = options.fields !== false;
  const known = listed.get(doc) ?? {};
  listed.set(doc, known);
  if (withFields) return (known.all ??= collectDeprecations(doc, true, options.foreignKeywords));
  return (known.operations ??= known.all?.filter((d) => !d.field) ?? collectDeprecations(doc, false, options.foreignKeywords));
}

/**
 * Keeps `all` (listDeprecations of `doc`, worked out elsewhere: a worker that parsed it) as the document's list: the
 * walk costs Stripe ~130 ms, which a registry's event loop need not pay again for a document it only received.
 */
export function keepDeprecations(doc: OpenApiDocument, all: readonly Deprecation[]): void {
  listed.set(doc, { ...listed.get(doc), all });
}

// A loaded document is never changed afterwards (a worker's cache of parsed contracts shares it between tasks), so a
// dashboard page or a sunset check works out what it deprecates once, not at every visit.
const listed = new WeakMap<object, { all?: readonly Deprecation[]; operations?: readonly Deprecation[] }>();

/** `foreignKeywords: false`: the loader saw no keyword of another version's Schema Object, so no walk sets any aside. */
function collectDeprecations(doc: OpenApiDocument, withFields: boolean, foreignKeywords: boolean | undefined): Deprecation[] {
  // As the diff and the gate read it: a flag beside 3.1's `const` in a 3.0 document is read without it.
  const { resolver, operations: byKey } = versionRead({ doc, foreignKeywords });
  const operations = [...byKey.values()];
  const bodies = new Map(
    operations.map((op) => [op, withFields ? { request: collectRequestSchemas(op, resolver), response: collectResponseSchemas(op, resolver) } : NO_BODIES]),
  );
  const all = [...bodies.values()];
  const requestFields = indexDeprecatedFields(
    all.flatMap((b) => b.request),
    createSchemaContext(resolver, 'request'),
  );
  const responseFields = indexDeprecatedFields(
    all.flatMap((b) => b.response.flatMap((r) => r.schemas)),
    createSchemaContext(resolver, 'response'),
  );
  const out: Deprecation[] = [];
  for (const op of operations) {
    // As the rules read it: the path item's sunset stands for its operations that give none.
    const opSunset = operationSunsetOf(op);
    const say = (part: DeprecatedPart, pointer: string, sunset: string | undefined, extra: Partial<Deprecation>) =>
      out.push({ part, ...describeOperation(op), ...extra, deprecated: true, ...describeSunset(sunset ?? opSunset), pointer });
    if (op.operation.deprecated === true) say('operation', op.pointer, opSunset, {});
    for (const p of op.parameters.filter((entry) => entry.node.deprecated === true)) {
      say('parameter', p.pointer, sunsetOf(p.node), { parameter: { name: p.name, in: p.in } });
    }
    const { request, response } = bodies.get(op)!;
    for (const found of requestFields(request)) say('request-field', found.pointer, found.sunset, { field: found.field });
    for (const { found, statuses } of groupByField(response, responseFields)) {
      say('response-field', found.pointer, found.sunset, { field: found.field, statuses });
    }
    for (const h of collectDeprecatedHeaders(op, resolver)) say('response-header', h.pointer, h.sunset, { header: h.header, statuses: h.statuses });
  }
  return out;
}

/**
 * The response headers an operation deprecates (a Header Object's `deprecated`, 3.0 and 3.1), each once by its name
 * without case, as HTTP reads it, with the statuses that deprecate it: a client reading it must move off it too.
 */
function collectDeprecatedHeaders(op: OperationEntry, resolver: Resolver): { header: string; pointer: string; sunset?: string; statuses: string[] }[] {
  const byName = new Map<string, { header: string; pointer: string; sunset?: string; statuses: string[] }>();
  for (const [status, raw] of Object.entries<unknown>(op.operation.responses ?? {})) {
    const response = resolver.follow(raw, joinPointer(op.pointer, 'responses', status));
    const headers = response.node?.headers;
    if (!headers || typeof headers !== 'object') continue;
    for (const [name, written] of Object.entries<unknown>(headers)) {
      const header = resolver.follow(written, joinPointer(response.pointer, 'headers', name));
      if (header.node?.deprecated !== true) continue;
      const known = byName.get(name.toLowerCase());
      if (known) known.statuses.push(status);
      else byName.set(name.toLowerCase(), { header: name, pointer: header.pointer, sunset: sunsetOf(header.node), statuses: [status] });
    }
  }
  return [...byName.values()];
}

/** Each deprecated response field once, with the statuses whose body has it (the first found says where it is written). */
function groupByField<F extends { field: string }>(responses: StatusBodies[], fieldsOf: (bodies: Located[]) => F[]): { found: F; statuses: string[] }[] {
  const byField = new Map<string, { found: F; statuses: string[] }>();
  for (const { status, schemas } of responses) {
    for (const found of fieldsOf(schemas)) {
      const known = byField.get(found.field);
      if (known) known.statuses.push(status);
      else byField.set(found.field, { found, statuses: [status] });
    }
  }
  return [...byField.values()];
}

/**
 * The deprecations a consumer's usages reach: a deprecated operation it uses, a deprecated parameter it
 * sends, and a field it reads or sends at, below or above a deprecated property. A usage that names no lists (and `'*'`,
 * and a call seen in traces) uses its operation as a whole: the gate counts every change to that operation against
 * it, so every deprecated part of the operation is in use, or migrations would call ready a removal the gate refuses.
 */
export function findDeprecationUses(deprecations: readonly Deprecation[], usages: readonly OperationUsage[] | '*', doc: OpenApiDocument): DeprecationUse[] {
  if (usages === '*') return deprecations.map(usedWhole);
  const out: DeprecationUse[] = [];
  for (const usage of usages) {
    const ofOperation = selectOperation(deprecations, usage.operation, doc);
    if (usesWholeOperation(usage)) {
      out.push(...ofOperation.map(usedWhole));
      continue;
    }
    for (const d of ofOperation) {
      if (d.part === 'operation') out.push({ deprecation: d });
      else if (d.parameter && sendsParameter(usage.params ?? [], d.parameter.in, d.parameter.name)) out.push({ deprecation: d });
    }
    const read = readResponses(ofOperation, usage, doc);
    // A response header is read where the response list names it, as impact counts a change to it.
    const named = new Set((usage.response ?? []).map((f) => f.toLowerCase()));
    for (const d of read) if (d.header !== undefined && named.has(d.header.toLowerCase())) out.push({ deprecation: d });
    for (const [part, fields] of [
      ['response-field', usage.response],
      ['request-field', usage.request],
    ] as const) {
      for (const field of fields ?? []) {
        for (const deprecation of findDeprecationsAlong(part === 'response-field' ? read : ofOperation, part, field)) out.push({ deprecation, field });
      }
    }
  }
  return out;
}

/**
 * The operation's deprecations less the response fields of statuses the usage does not read: a pact expecting a 404
 * reads the 404's body (its deprecated `message` is in use), not the 200's; without statuses, the success ones.
 */
function readResponses(ofOperation: Deprecation[], usage: OperationUsage, doc: OpenApiDocument): Deprecation[] {
  const first = ofOperation[0];
  if (first === undefined || !ofOperation.some((d) => d.statuses)) return ofOperation;
  const keys = Object.keys(operationsOf(doc).get(first.operationKey)?.operation.responses ?? {});
  const read = new Set(selectStatuses(keys, usage.statuses));
  return ofOperation.filter((d) => !d.statuses || d.statuses.some((status) => read.has(status)));
}

function usedWhole(deprecation: Deprecation): DeprecationUse {
  if (deprecation.part === 'operation') return { deprecation };
  return deprecation.field === undefined ? { deprecation, whole: true } : { deprecation, field: deprecation.field, whole: true };
}

/**
 * The deprecations of the operation a usage names. A concrete path (`GET /v1/orders/1`, from a Pact) is placed among
 * all of `doc`'s operations, as the gate places it: `/orders/new` is not `/orders/{id}` where the contract has both.
 */
function selectOperation(deprecations: readonly Deprecation[], ref: string, doc: OpenApiDocument): Deprecation[] {
  const parsed = parseOperationRef(ref);
  if (!parsed) return [];
  if ('method' in parsed) {
    const written = operationKey(parsed.method, parsed.path);
    const operations = operationsOf(doc);
    const key = operations.has(written) ? written : (placeConcretePath(operations, parsed.method, parsed.path, serverPaths(doc)) ?? written);
    return deprecations.filter((d) => d.operationKey === key);
  }
  const first = deprecations.find((d) => d.operationId === parsed.operationId);
  return first ? deprecations.filter((d) => d.operationKey === first.operationKey) : [];
}

/**
 * The deprecated properties a consumer's field path reaches: the one met first along it (nearest the body), all it holds
 * going with it; else every deprecated property below it, since a reader or sender of `address` reads or sends its `city`
 * too, and the gate counts the removal of `address.city` against it (a header is no field).
 */
function findDeprecationsAlong(deprecations: readonly Deprecation[], part: DeprecatedPart, field: string): Deprecation[] {
  const segments = splitField(field);
  let best: { deprecation: Deprecation; depth: number } | undefined;
  const below: Deprecation[] = [];
  for (const d of deprecations) {
    if (d.part !== part || d.field === undefined) continue;
    const path = splitField(d.field);
    if (path.some((s, i) => i < segments.length && s !== segments[i])) continue;
    if (path.length > segments.length) below.push(d);
    else if (!best || path.length < best.depth) best = { deprecation: d, depth: path.length };
  }
  return best ? [best.deprecation] : below;
}

function describeOperation(op: OperationEntry): Pick<Deprecation, 'operation' | 'operationKey' | 'operationId'> {
  const id = op.operation.operationId;
  return { operation: op.label, operationKey: op.key, ...(typeof id === 'string' && { operationId: id }) };
}

function describeSunset(sunset: string | undefined): Pick<Deprecation, 'sunset' | 'sunsetDate'> {
  if (sunset === undefined) return {};
  const date = parseSunset(sunset);
  return { sunset, ...(date !== undefined && { sunsetDate: date }) };
}

/** Every response's bodies, in every media type: which of them a consumer reads is its statuses' to say. */
function collectResponseSchemas(op: OperationEntry, resolver: Resolver): StatusBodies[] {
  const responses: Record<string, unknown> = op.operation.responses ?? {};
  return Object.entries(responses).map(([status, raw]) => {
    const response = resolver.follow(raw, joinPointer(op.pointer, 'responses', status));
    return { status, schemas: collectMediaSchemas(response.node?.content, joinPointer(response.pointer, 'content')) };
  });
}

function collectRequestSchemas(op: OperationEntry, resolver: Resolver): Located[] {
  if (!op.operation.requestBody) return [];
  const body = resolver.follow(op.operation.requestBody, joinPointer(op.pointer, 'requestBody'));
  return collectMediaSchemas(body.node?.content, joinPointer(body.pointer, 'content'));
}

function collectMediaSchemas(content: unknown, pointer: string): Located[] {
  if (!content || typeof content !== 'object') return [];
  return Object.entries(content as Record<string, any>).flatMap(([type, media]) =>
    media?.schema && typeof media.schema === 'object' ? [{ node: media.schema, pointer: joinPointer(pointer, type, 'schema') }] : [],
  );
}
