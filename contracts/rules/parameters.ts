// Request parameters (path, query, header, cookie): added, removed (with the deprecation and
// sunset policy of operations), required, and their schemas.
import type { ParameterEntry } from '../schema/operations.js';
import { parseSunset, sunsetOf } from './operations.js';
import { schemaOf } from './schema-of.js';
import { PARAMETERS_RULES } from './table/parameters.js';
import type { DocumentPair, Emit, OperationPair, RuleFamily, RuleId, SchemaRoot, SchemaWalker } from './types.js';
import { withoutNullOnWire } from './wire-null.js';

export const parametersFamily: RuleFamily = {
  name: 'parameters',
  rules: PARAMETERS_RULES,
  checkOperation(pair, emit, walk, addRoot) {
    checkParameters(pair, emit, walk, addRoot);
  },
};

/** A parameter declared on the path item reaches every operation of the path: oasdiff names it apart. */
const NEW_PARAMETER = {
  operationLevel: { required: 'new-required-request-parameter', optional: 'new-optional-request-parameter' },
  pathLevel: { required: 'new-required-request-default-parameter-to-existing-path', optional: 'new-optional-request-default-parameter-to-existing-path' },
} as const satisfies Record<string, Record<'required' | 'optional', RuleId>>;

function checkParameters(pair: OperationPair, emit: Emit, walk: SchemaWalker, addRoot: (root: SchemaRoot) => void): void {
  const baseByKey = new Map(pair.base.parameters.map((p) => [p.key, p]));
  const revByKey = new Map(pair.revision.parameters.map((p) => [p.key, p]));
  const op = pair.base.label;
  for (const b of pair.base.parameters) {
    const r = revByKey.get(b.key);
    if (r) {
      compareParameter(b, r, pair.docs, { emit, walk, addRoot });
      continue;
    }
    const moved = pair.revision.parameters.find((p) => p.name.toLowerCase() === b.name.toLowerCase() && !baseByKey.has(p.key));
    if (moved) {
      emit({
        id: 'request-parameter-in-changed',
        side: 'revision',
        pointer: moved.pointer,
        message: `parameter \`${b.name}\` moved from ${b.in} to ${moved.in}`,
        target: { kind: 'parameter', in: b.in, name: b.name },
        everyCaller: true,
      });
      continue;
    }
    emitRemoved(b, op, pair.docs.today, emit);
  }
  for (const r of pair.revision.parameters) {
    if (baseByKey.has(r.key)) continue;
    if (pair.base.parameters.some((p) => p.name.toLowerCase() === r.name.toLowerCase() && !revByKey.has(p.key))) continue;
    const required = r.node.required === true || r.in === 'path';
    const pathLevel = r.level === 'path';
    emit({
      id: r.in === 'path' ? 'new-request-path-parameter' : NEW_PARAMETER[pathLevel ? 'pathLevel' : 'operationLevel'][required ? 'required' : 'optional'],
      side: 'revision',
      pointer: r.pointer,
      message: `new ${required ? 'required' : 'optional'} ${r.in} parameter \`${r.name}\``,
      target: { kind: 'parameter', in: r.in, name: r.name },
      everyCaller: required,
    });
  }
}

interface Sinks {
  emit: Emit;
  walk: SchemaWalker;
  addRoot: (root: SchemaRoot) => void;
}

function compareParameter(b: ParameterEntry, r: ParameterEntry, docs: DocumentPair, { emit, walk, addRoot }: Sinks): void {
  const target = { kind: 'parameter' as const, in: r.in, name: r.name };
  const breq = b.node.required === true || b.in === 'path';
  const rreq = r.node.required === true || r.in === 'path';
  if (!breq && rreq) {
    emit({
      id: 'request-parameter-became-required',
      side: 'revision',
      pointer: r.pointer,
      message: `${r.in} parameter \`${r.name}\` became required`,
      target,
      everyCaller: true,
    });
  } else if (breq && !rreq) {
    emit({ id: 'request-parameter-became-optional', side: 'revision', pointer: r.pointer, message: `${r.in} parameter \`${r.name}\` became optional`, target });
  }
  const bs = schemaOf(b.node, b.pointer);
  const rs = schemaOf(r.node, r.pointer);
  if (!bs || !rs) return;
  // Every caller sends a required parameter, so its default is never used ("no meaning for required parameters",
  // Swagger 2.0): compared without it, adding, changing or dropping it is no finding.
  if (rreq && (hasDefault(bs.node) || hasDefault(rs.node))) [bs.node, rs.node] = [withoutDefault(bs.node), withoutDefault(rs.node)];
  // An array's items are never left out one by one: a default on them is never assumed, whether the parameter is required or not.
  [bs.node, rs.node] = [withoutItemsDefault(bs.node), withoutItemsDefault(rs.node)];
  // Every style of a `schema` parameter (path, query, header, cookie) expands by RFC 6570, which treats null as
  // undefined and expands it to nothing: the query, cookie or header parameter left out, the path segment empty. No
  // style writes a null, so whether null is valid is nothing a client can send; a `content` parameter sends `null` itself.
  if (b.in === r.in && b.node.schema && r.node.schema) {
    ({ node: bs.node, pointer: bs.pointer } = withoutNullOnWire(bs.node, bs.pointer, docs.base.resolver));
    ({ node: rs.node, pointer: rs.pointer } = withoutNullOnWire(rs.node, rs.pointer, docs.revision.resolver));
  }
  // Both expanded by their style, the values travel as text; a `content` parameter sends its media type's (JSON's) own.
  const text = b.node.schema !== undefined && r.node.schema !== undefined;
  addRoot({ target, node: walk(bs, rs, 'request', r.in === 'header' ? 'header-parameter' : 'parameter', { text }), name: r.name });
}

function hasDefault(schema: Record<string, any>): boolean {
  return schema.default !== undefined;
}

/** A copy without `default`, for the comparison only; an inline schema written beside a `$ref` keeps its target's. */
function withoutDefault(schema: Record<string, any>): Record<string, any> {
  if (!hasDefault(schema)) return schema;
  const { default: _unused, ...rest } = schema;
  return rest;
}

/** A copy whose written-in-place `items` has no `default`; the schema itself where they have none. */
function withoutItemsDefault(schema: Record<string, any>): Record<string, any> {
  const items = schema.items;
  if (items === null || typeof items !== 'object' || Array.isArray(items) || !hasDefault(items)) return schema;
  return { ...schema, items: withoutDefault(items) };
}

function emitRemoved(b: ParameterEntry, op: string, today: string, emit: Emit): void {
  const target = { kind: 'parameter' as const, in: b.in, name: b.name };
  const what = `${b.in} parameter \`${b.name}\``;
  const removal = (id: RuleId, message: string, breaks: boolean) =>
    emit({ id, side: 'base', pointer: b.pointer, message, target, ...(breaks ? { breaksDependents: true } : {}) });
  if (b.node.deprecated !== true) return removal('request-parameter-removed', `${what} was removed from ${op}`, true);
  const sunset = sunsetOf(b.node);
  if (sunset === undefined) return removal('request-parameter-removed-with-deprecation', `${what} was removed from ${op} after being deprecated`, false);
  const date = parseSunset(sunset);
  if (!date) return removal('request-parameter-sunset-parse', `${what} was removed from ${op}, but its sunset date "${sunset}" cannot be read`, true);
  if (date > today) return removal('request-parameter-removed-before-sunset', `${what} was removed from ${op} before its sunset date ${date}`, true);
  removal('request-parameter-removed-with-deprecation', `${what} was removed from ${op} after its sunset date ${date}`, false);
}
