// Places a mutation of the matrix at a position of a one-operation document and diffs it: shared by the mutation
// property test and the coverage test, so both judge the same documents.
import { diffDocuments } from '../../../contracts/diff.js';
import type { Level } from '../../../contracts/model.js';
import { levelOf } from '../../../contracts/rules/table.js';
import type { Direction, SchemaPosition } from '../../../contracts/rules/types.js';
import type { Mutation } from './matrix.js';

type Json = Record<string, any>;

/** A one-operation document with `schema` at the given place. */
export function place(schema: Json, direction: Direction, position: SchemaPosition, m: Mutation, side: 'base' | 'revision' = 'base'): Json {
  const components = side === 'revision' && m.revisionComponents ? m.revisionComponents : m.components;
  const media = m.xml ? 'application/xml' : 'application/json';
  const inObject = (s: Json) => ({ type: 'object', properties: { field: s } });
  const operation: Json = { responses: { '200': { description: 'ok' } } };
  if (direction === 'request') {
    if (position === 'body') operation.requestBody = { content: { [media]: { schema } } };
    if (position === 'property') operation.requestBody = { content: { [media]: { schema: inObject(schema) } } };
    // A parameter sent as JSON writes null; one described by `schema` expands it to nothing (RFC 6570).
    const param = (name: string, where: string, s: Json, style: Json = {}): Json =>
      m.jsonParameter ? { name, in: where, content: { 'application/json': { schema: s } } } : { name, in: where, ...style, schema: s };
    if (position === 'parameter') operation.parameters = [param('q', 'query', schema)];
    if (position === 'parameter-property') operation.parameters = [param('q', 'query', inObject(schema), { style: 'deepObject' })];
    if (position === 'header-parameter') operation.parameters = [param('X-Q', 'header', schema)];
    if (position === 'header-parameter-property') operation.parameters = [param('X-Q', 'header', inObject(schema))];
  } else {
    const response: Json = { description: 'ok' };
    if (position === 'body') response.content = { [media]: { schema } };
    if (position === 'property') response.content = { [media]: { schema: inObject(schema) } };
    // As a parameter: a header described by `schema` writes nothing for null (header-null.test.ts); one sent as JSON writes it.
    if (position === 'header') response.headers = { 'X-Field': m.jsonParameter ? { content: { 'application/json': { schema } } } : { schema } };
    operation.responses = { '200': response };
  }
  return {
    openapi: m.openapi ?? '3.0.3',
    info: { title: 'matrix', version: '1.0.0' },
    paths: { '/things': { post: operation } },
    ...(components ? { components } : {}),
  };
}

/** The ids the diff reports for the mutation at that place, each with its level. */
export function levelsFound(m: Mutation, direction: Direction, position: SchemaPosition): Map<string, Level> {
  const [base, revision] = [place(m.base, direction, position, m), place(m.revision, direction, position, m, 'revision')];
  const findings = diffDocuments(base, revision, { today: '2026-11-23' }).findings;
  return new Map(findings.map((f) => [f.id, f.inert ? 'info' : levelOf(f.id)]));
}
