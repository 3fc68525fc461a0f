// Every schema change of the rule table, made at every position the table declares it for (request and
// response bodies, properties, parameters, headers): the diff reports that id, narrowing a request or
// widening a response is flagged (breaking or warning), and the opposite is not breaking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../../contracts/diff.js';
import type { Level } from '../../../contracts/model.js';
import { levelOf, RULE_TABLE, type SchemaChange } from '../../../contracts/rules/table.js';
import type { Direction, SchemaPosition } from '../../../contracts/rules/types.js';
import { MATRIX, type Mutation } from './matrix.js';

type Json = Record<string, any>;
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 5) };

/** A one-operation document with `schema` at the given place. */
function place(schema: Json, direction: Direction, position: SchemaPosition, m: Mutation): Json {
  const media = m.xml ? 'application/xml' : 'application/json';
  const inObject = (s: Json) => ({ type: 'object', properties: { field: s } });
  const operation: Json = { responses: { '200': { description: 'ok' } } };
  if (direction === 'request') {
    if (position === 'body') operation.requestBody = { content: { [media]: { schema } } };
    if (position === 'property') operation.requestBody = { content: { [media]: { schema: inObject(schema) } } };
    if (position === 'parameter') operation.parameters = [{ name: 'q', in: 'query', schema }];
    if (position === 'parameter-property') operation.parameters = [{ name: 'q', in: 'query', style: 'deepObject', schema: inObject(schema) }];
  } else {
    const response: Json = { description: 'ok' };
    if (position === 'body') response.content = { [media]: { schema } };
    if (position === 'property') response.content = { [media]: { schema: inObject(schema) } };
    if (position === 'header') response.headers = { 'X-Field': { schema } };
    operation.responses = { '200': response };
  }
  return {
    openapi: m.openapi ?? '3.0.3',
    info: { title: 'matrix', version: '1.0.0' },
    paths: { '/things': { post: operation } },
    ...(m.components ? { components: m.components } : {}),
  };
}

function levelsFound(m: Mutation, direction: Direction, position: SchemaPosition): Map<string, Level> {
  const findings = diffDocuments(place(m.base, direction, position, m), place(m.revision, direction, position, m), { today: '2026-11-23' }).findings;
  return new Map(findings.map((f) => [f.id, levelOf(f.id)]));
}

const FLAGGED: Level[] = ['breaking', 'warning'];
const placed = RULE_TABLE.flatMap((r) => ('at' in r ? [{ id: r.id, direction: r.at[0], position: r.at[1], change: r.at[2] as SchemaChange }] : []));

describe('the mutation matrix', () => {
  it.each(placed.map((p) => [`${p.id} (${MATRIX[p.change].effect})`, p] as const))('%s', (_name, p) => {
    const row = MATRIX[p.change];
    fc.assert(
      fc.property(row.make(p.direction, p.position), (m) => {
        const found = levelsFound(m, p.direction, p.position);
        expect([...found.keys()], `${p.change} at ${p.direction} ${p.position}`).toContain(p.id);
        const level = found.get(p.id)!;
        const flagged = (row.effect === 'narrows') === (p.direction === 'request');
        if (row.effect === 'changes' || (flagged && row.infoBecause)) return;
        expect(flagged ? FLAGGED : ['info', 'warning'], `level of ${p.id}`).toContain(level);
      }),
      RUNS,
    );
  });
});
