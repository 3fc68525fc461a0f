// The JSON Schema dialect a 3.1 document's schemas are read in (`jsonSchemaDialect`, a schema's `$schema`). A dialect
// says what each keyword means (draft 4's boolean `exclusiveMinimum`, a vocabulary that adds or drops assertions), so
// schemas compared keyword by keyword under two dialects may differ where they are written alike: the engine names both
// dialects and leaves the judgement to a reviewer (warning), rather than judging by rules written for one dialect.
import { OAS_31_DIALECT } from '../schema/resolve.js';
import { describePlace } from './schema-ids.js';
import { DIALECTS_RULES } from './table/dialects.js';
import type { DocumentPair, Emit, RuleFamily } from './types.js';

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
    reportSetAside(docs, emit);
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
  keywords: { read: ['$schema'] },
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

/**
 * The keywords the revision's schemas were read without (schema/version-keywords.ts), where the base did not write them
 * so already at the same place: an author who writes 3.1's `const` in a 3.0 document means a constraint no 3.0 reader
 * applies, and is told so once, when it is written.
 */
function reportSetAside(docs: DocumentPair, emit: Emit): void {
  const version = docs.revision.specVersion;
  const sameReading = (version === '3.1') === (docs.base.specVersion === '3.1');
  docs.revision.setAside.forEach((keywords, pointer) => {
    const before = sameReading ? docs.base.setAside.get(pointer) : undefined;
    for (const keyword in keywords) {
      if (before !== undefined && sameJson(before[keyword], keywords[keyword])) continue;
      emit({
        id: 'schema-keyword-ignored',
        side: 'revision',
        pointer: `${pointer}/${keyword}`,
        message: `schema #${pointer}: ${whyIgnored(keyword, keywords[keyword], version)}`,
        target: { kind: 'document' },
      });
    }
  });
}

function whyIgnored(keyword: string, value: unknown, version: string): string {
  if (version === '3.1')
    return `a boolean \`${keyword}\` is OpenAPI 3.0's form; in 3.1 (JSON Schema 2020-12) it is the bound itself, a number, so this sets no bound and no value is refused by it`;
  const form = typeof value === 'number' ? `a numeric \`${keyword}\`` : `\`${keyword}\``;
  return `${form} is JSON Schema 2020-12's, which OpenAPI 3.1 reads, and no keyword of the ${version} Schema Object: no ${version} reader applies it, so it is no part of this contract and no value is refused by it`;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}
