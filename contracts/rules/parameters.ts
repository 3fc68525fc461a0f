// Request parameters (path, query, header, cookie): added, removed, required, and their schemas.
import type { ParameterEntry } from '../operations.js';
import { schemaOf } from './schema-of.js';
import type { Emit, OperationPair, RuleFamily, SchemaRoot, SchemaWalker } from './types.js';

export const parametersFamily: RuleFamily = {
  rules: [
    { id: 'new-required-request-parameter', level: 'breaking', description: 'operation gained a required parameter' },
    { id: 'new-optional-request-parameter', level: 'info', description: 'operation gained an optional parameter' },
    { id: 'request-parameter-removed', level: 'warning', description: 'request parameter: removed (clients still sending it may be rejected or ignored)' },
    { id: 'request-parameter-became-required', level: 'breaking', description: 'request parameter: became required' },
    { id: 'request-parameter-became-optional', level: 'info', description: 'request parameter: became optional' },
    { id: 'request-parameter-in-changed', level: 'breaking', description: 'request parameter: moved to another location (e.g. query to header)' },
  ],
  checkOperation(pair, emit, walk, addRoot) {
    checkParameters(pair, emit, walk, addRoot);
  },
};

function checkParameters(pair: OperationPair, emit: Emit, walk: SchemaWalker, addRoot: (root: SchemaRoot) => void): void {
  const baseByKey = new Map(pair.base.parameters.map((p) => [p.key, p]));
  const revByKey = new Map(pair.revision.parameters.map((p) => [p.key, p]));
  const op = pair.base.label;
  for (const b of pair.base.parameters) {
    const r = revByKey.get(b.key);
    if (r) {
      compareParameter(b, r, emit, walk, addRoot);
      continue;
    }
    const moved = pair.revision.parameters.find((p) => p.name.toLowerCase() === b.name.toLowerCase() && !baseByKey.has(p.key));
    if (moved) {
      emit({ id: 'request-parameter-in-changed', side: 'revision', pointer: moved.pointer, message: `parameter \`${b.name}\` moved from ${b.in} to ${moved.in}`, target: { kind: 'parameter', in: b.in, name: b.name }, everyCaller: true });
      continue;
    }
    emit({ id: 'request-parameter-removed', side: 'base', pointer: b.pointer, message: `${b.in} parameter \`${b.name}\` was removed from ${op}`, target: { kind: 'parameter', in: b.in, name: b.name }, breaksDependents: true });
  }
  for (const r of pair.revision.parameters) {
    if (baseByKey.has(r.key)) continue;
    if (pair.base.parameters.some((p) => p.name.toLowerCase() === r.name.toLowerCase() && !revByKey.has(p.key))) continue;
    const required = r.node.required === true || r.in === 'path';
    emit({
      id: required ? 'new-required-request-parameter' : 'new-optional-request-parameter',
      side: 'revision',
      pointer: r.pointer,
      message: `new ${required ? 'required' : 'optional'} ${r.in} parameter \`${r.name}\``,
      target: { kind: 'parameter', in: r.in, name: r.name },
      everyCaller: required,
    });
  }
}

function compareParameter(b: ParameterEntry, r: ParameterEntry, emit: Emit, walk: SchemaWalker, addRoot: (root: SchemaRoot) => void): void {
  const target = { kind: 'parameter' as const, in: r.in, name: r.name };
  const breq = b.node.required === true || b.in === 'path';
  const rreq = r.node.required === true || r.in === 'path';
  if (!breq && rreq) {
    emit({ id: 'request-parameter-became-required', side: 'revision', pointer: r.pointer, message: `${r.in} parameter \`${r.name}\` became required`, target, everyCaller: true });
  } else if (breq && !rreq) {
    emit({ id: 'request-parameter-became-optional', side: 'revision', pointer: r.pointer, message: `${r.in} parameter \`${r.name}\` became optional`, target });
  }
  const bs = schemaOf(b.node, b.pointer);
  const rs = schemaOf(r.node, r.pointer);
  if (!bs || !rs) return;
  addRoot({ target, node: walk(bs, rs, 'request', 'parameter'), name: r.name });
}
