// Deprecated parts of a contract that consumers still use: deprecated operations, parameters and
// body properties, matched against what each consumer declares. Pure.

import {
  findOperation,
  indexOperations,
  type OpenApiDocument,
  type OperationEntry,
  type OperationUsage,
  Resolver,
  splitField,
  usesWholeOperation,
} from '../../contracts/index.js';
import type { ConsumerUse } from '../store/store.js';
import { compareNames } from './group.js';

export interface DeprecatedUse {
  consumer: string;
  version: string;
  /** `GET /users/{id}` as the contract writes it. */
  operation: string;
  /** What is deprecated: `operation`, `parameter limit`, `response field items[].email`, `request field name`. */
  part: string;
  /** The `x-sunset` date, when the contract gives one. */
  sunset?: string;
}

type Schema = Record<string, any>;

export function findDeprecatedUses(contract: { doc: OpenApiDocument }, uses: readonly ConsumerUse[]): DeprecatedUse[] {
  const resolver = new Resolver(contract.doc);
  const operations = indexOperations(contract.doc, resolver);
  const out: DeprecatedUse[] = [];
  for (const use of uses) {
    const say = (op: OperationEntry, part: string, node?: Schema) => {
      const sunset = node?.['x-sunset'] ?? op.operation['x-sunset'];
      out.push({ consumer: use.consumer, version: use.version, operation: op.label, part, ...(typeof sunset === 'string' && { sunset }) });
    };
    const usages: OperationUsage[] = use.declaration.uses === '*' ? [...operations.values()].map((op) => ({ operation: op.label })) : use.declaration.uses;
    for (const usage of usages) {
      const op = findOperation(usage.operation, operations);
      if (op) checkUsage(op, usage, resolver, say);
    }
  }
  return out.sort((a, b) => compareNames(a.consumer, b.consumer) || compareNames(a.operation, b.operation) || compareNames(a.part, b.part));
}

function checkUsage(op: OperationEntry, usage: OperationUsage, resolver: Resolver, say: (op: OperationEntry, part: string, node?: Schema) => void): void {
  if (op.operation.deprecated === true) say(op, 'operation');
  const whole = usesWholeOperation(usage);
  for (const p of op.parameters) {
    const sent = whole ? p.in === 'path' || p.node.required === true : (usage.params ?? []).includes(p.name);
    if (p.node.deprecated === true && sent) say(op, `parameter ${p.name}`, p.node);
  }
  for (const field of usage.response ?? []) {
    const node = findDeprecatedAlong(collectResponseSchemas(op, resolver), field, resolver);
    if (node) say(op, `response field ${field}`, node);
  }
  const requestBody = op.operation.requestBody ? resolver.follow(op.operation.requestBody, '').node : undefined;
  for (const field of usage.request ?? []) {
    const node = findDeprecatedAlong(collectMediaSchemas(requestBody?.content), field, resolver);
    if (node) say(op, `request field ${field}`, node);
  }
}

function collectResponseSchemas(op: OperationEntry, resolver: Resolver): Schema[] {
  const responses: Record<string, unknown> = op.operation.responses ?? {};
  return Object.entries(responses)
    .filter(([status]) => /^[23]/.test(status))
    .flatMap(([, response]) => collectMediaSchemas(resolver.follow(response, '').node?.content));
}

function collectMediaSchemas(content: unknown): Schema[] {
  if (!content || typeof content !== 'object') return [];
  return Object.values(content as Record<string, any>).flatMap((media) => (media?.schema && typeof media.schema === 'object' ? [media.schema] : []));
}

/** The first deprecated schema met along the field path (a deprecated parent deprecates what it holds). */
function findDeprecatedAlong(roots: Schema[], field: string, resolver: Resolver): Schema | undefined {
  let frontier = expandSchemas(roots, resolver);
  for (const segment of splitField(field)) {
    const next: Schema[] = [];
    for (const s of frontier) {
      const child = segment === '[]' ? s.items : s.properties?.[segment];
      // OpenAPI 3.1 allows `deprecated` beside a `$ref`, which following the reference would lose.
      if (child && typeof child === 'object' && child.deprecated === true) return child;
      if (child && typeof child === 'object') next.push(child);
    }
    frontier = expandSchemas(next, resolver);
    const deprecated = frontier.find((s) => s.deprecated === true);
    if (deprecated) return deprecated;
  }
  return undefined;
}

/** Schemas with `$ref`s followed and every allOf/oneOf/anyOf part added: each may hold the next property. */
function expandSchemas(schemas: Schema[], resolver: Resolver): Schema[] {
  const out: Schema[] = [];
  const seen = new Set<Schema>();
  const stack = [...schemas];
  while (stack.length > 0) {
    const s = resolver.follow<Schema>(stack.pop(), '').node;
    if (!s || typeof s !== 'object' || seen.has(s)) continue;
    seen.add(s);
    out.push(s);
    for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) if (Array.isArray(s[keyword])) stack.push(...s[keyword]);
  }
  return out;
}
