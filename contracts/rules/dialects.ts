// The JSON Schema dialect a 3.1 document's schemas are read in (`jsonSchemaDialect`, a schema's `$schema`). A dialect
// says what each keyword means (draft 4's boolean `exclusiveMinimum`, a vocabulary that adds or drops assertions), so
// schemas compared keyword by keyword under two dialects may differ where they are written alike: the engine names both
// dialects and leaves the judgement to a reviewer (warning), rather than judging by rules written for one dialect.
import { OAS_31_DIALECT } from '../schema/resolve.js';
import { describePlace } from './schema-ids.js';
import { DIALECTS_RULES } from './table/dialects.js';
import type { RuleFamily } from './types.js';

/**
 * The OpenAPI 3.1 dialect ids (`.../dialect/base` and its dated forms) name one dialect, JSON Schema 2020-12 with
 * OpenAPI's annotation vocabulary; a trailing empty fragment (`schema#`) is the same URI as without it.
 */
function sameDialect(a: string, b: string): boolean {
  const norm = (d: string) => (d.startsWith('https://spec.openapis.org/oas/3.1/dialect/') ? OAS_31_DIALECT : d.replace(/#$/, ''));
  return norm(a) === norm(b);
}

export const dialectsFamily: RuleFamily = {
  name: 'dialects',
  rules: DIALECTS_RULES,
  checkDocument(docs, emit) {
    const b = docs.base.resolver.dialect;
    const r = docs.revision.resolver.dialect;
    // Only between two 3.1 documents: a move from 3.0 changes the dialect by itself, and is judged keyword by keyword.
    if (b === undefined || r === undefined || sameDialect(b, r)) return;
    const written = docs.revision.doc.jsonSchemaDialect !== undefined;
    emit({
      id: 'json-schema-dialect-changed',
      side: written ? 'revision' : 'base',
      pointer: '/jsonSchemaDialect',
      message: `schemas without their own $schema were read as ${b} and are now read as ${r}`,
      target: { kind: 'document' },
    });
  },
  checkSchema(pair, emit) {
    // Two reads, not a destructured pair: run for every pair, and unoptimised code builds the array and its iterator.
    const bw = pair.base.node.$schema;
    const rw = pair.revision.node.$schema;
    if (bw === undefined && rw === undefined) return;
    const b = typeof bw === 'string' ? bw : pair.resolvers?.base.dialect;
    const r = typeof rw === 'string' ? rw : pair.resolvers?.revision.dialect;
    if (b === undefined || r === undefined || sameDialect(b, r)) return;
    emit({
      id: 'schema-dialect-changed',
      side: rw !== undefined ? 'revision' : 'base',
      pointer: `${pair[rw !== undefined ? 'revision' : 'base'].pointer}/$schema`,
      message: `${describePlace(pair.direction, pair.position)} was read as ${b} and is now read as ${r} ($schema)`,
    });
  },
};
