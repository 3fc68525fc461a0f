// A provider's contract as a reader of its own OpenAPI version reads it, for the checks of what a consumer uses: the
// diff compares that reading (schema/version-keywords.ts), and the gate's "yes" must not rest on another.
import type { OpenApiDocument } from '../load/load.js';
import { indexOperations, type OperationEntry } from '../schema/operations.js';
import { Resolver } from '../schema/resolve.js';
import { readAsVersion } from '../schema/version-keywords.js';

export interface VersionReading {
  resolver: Resolver;
  operations: Map<string, OperationEntry>;
}

// A loaded contract is never changed: read once per document, however many consumers are checked against it.
const read = new WeakMap<object, VersionReading>();

/**
 * 3.1's `const` in a 3.0 document applies nowhere, so there `oneOf: [{const: null}, {type: string, readOnly: true}]` is
 * not "read-only or null" and a consumer may send it, as the diff says. `foreignKeywords: false` (the loader saw no
 * keyword of another version) spares the walk; `written`, the operations of the document as written, are kept where
 * nothing was set aside.
 */
export function versionRead(provider: { doc: OpenApiDocument; foreignKeywords?: boolean }, written?: Map<string, OperationEntry>): VersionReading {
  let known = read.get(provider.doc);
  if (known === undefined) {
    const doc = provider.foreignKeywords === false ? provider.doc : readAsVersion(provider.doc, versionOf(provider.doc)).doc;
    const resolver = new Resolver(doc);
    known = { resolver, operations: doc === provider.doc && written !== undefined ? written : indexOperations(doc, resolver) };
    read.set(provider.doc, known);
  }
  return known;
}

/** 3.1 or 3.0 as the document says; a 2.0 file reaches here converted to 3.0, whose Schema Object it is read by. */
function versionOf(doc: OpenApiDocument): '3.0' | '3.1' {
  const written = (doc as { openapi?: unknown }).openapi;
  return typeof written === 'string' && written.startsWith('3.1') ? '3.1' : '3.0';
}
