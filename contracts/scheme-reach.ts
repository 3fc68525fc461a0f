// Which operations a change to a security scheme reaches: those whose requirements (their own, or
// the document's they inherit) name the scheme in either version. Without this a scheme change is
// document-wide, attributed to no consumer, though every caller of those operations must authenticate.
import type { LocatedFinding } from './diff.js';
import type { DocumentPair, DocumentSide } from './rules/types.js';
import { splitPointer } from './schema/pointer.js';

/** Gives each finding inside `/components/securitySchemes/<name>` the operations that require that scheme. */
export function attachSchemeReach(findings: LocatedFinding[], docs: DocumentPair): void {
  const cache = new Map<string, string[]>();
  for (const f of findings) {
    if (f.operation !== undefined || f.operations !== undefined) continue;
    const [components, schemes, name] = splitPointer(f.pointer);
    if (components !== 'components' || schemes !== 'securitySchemes' || name === undefined) continue;
    let ops = cache.get(name);
    if (!ops) cache.set(name, (ops = operationsRequiring(docs, name)));
    if (ops.length > 0) f.operations = ops;
  }
}

function operationsRequiring(docs: DocumentPair, name: string): string[] {
  // Keyed by operation, so a path whose parameters were renamed is one operation, named as the revision writes it.
  const labels = new Map<string, string>();
  for (const side of [docs.base, docs.revision]) for (const [key, label] of requiring(side, name)) labels.set(key, label);
  return [...labels.values()].sort();
}

function* requiring(side: DocumentSide, name: string): Generator<[string, string]> {
  for (const entry of side.operations.values()) {
    const own = entry.operation.security;
    const requirements = Array.isArray(own) ? own : Array.isArray(side.doc.security) ? side.doc.security : [];
    if (requirements.some((r: unknown) => r !== null && typeof r === 'object' && name in r)) yield [entry.key, entry.label];
  }
}
