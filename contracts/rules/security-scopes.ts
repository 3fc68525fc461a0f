// A scope an operation still requires that its OAuth scheme's flow no longer declares. The scheme's finding is a
// document-wide warning that reaches no consumer; a client of this operation needs the scope, and either way it loses:
// asked for, it may be refused (invalid_scope), and a token granted without it the operation refuses. So the operation
// carries a breaking finding that every consumer of it is judged by.
import { joinPointer } from '../schema/pointer.js';
import type { DocumentPair, Emit, OperationPair } from './types.js';

type Node = Record<string, any>;

/** Scheme name -> scope -> the flows (present in both versions) that declared it and no longer do. Once per document pair. */
const removedByDocs = new WeakMap<DocumentPair, Map<string, Map<string, string[]>>>();

export function checkScopesStillRequired(pair: OperationPair, emit: Emit): void {
  const removed = removedScopes(pair.docs);
  if (removed.size === 0) return;
  const own = pair.revision.operation.security !== undefined;
  const r = requirementsOf(pair.revision.operation.security, pair.docs.revision.doc.security);
  const b = requirementsOf(pair.base.operation.security, pair.docs.base.doc.security);
  const seen = new Set<string>();
  for (const alt of r) {
    for (const [scheme, scopes] of Object.entries(alt)) {
      const gone = removed.get(scheme);
      if (!gone || !Array.isArray(scopes)) continue;
      for (const scope of scopes) {
        const flows = gone.get(String(scope));
        const key = `${scheme}:${scope}`;
        // A scope newly required is api-security-scope-added (breaking) already: only one a client held before is meant here.
        if (!flows || seen.has(key) || !b.some((x) => Array.isArray(x[scheme]) && x[scheme].map(String).includes(String(scope)))) continue;
        seen.add(key);
        emit({
          id: 'api-security-required-scope-removed-from-flow',
          side: 'revision',
          pointer: own ? `${pair.revision.pointer}/security` : '/security',
          message:
            `${pair.revision.label} still requires scope ${key}${own ? '' : ' (document-level security)'}, which the ${flows.join(', ')} ` +
            `flow of ${scheme} no longer declares: a client asking for it may be refused (invalid_scope, RFC 6749 5.2), and a token granted ` +
            'without it is one the operation refuses (insufficient_scope, RFC 6750 3.1)',
          target: { kind: 'security' },
          everyCaller: true,
        });
      }
    }
  }
}

function requirementsOf(operationLevel: unknown, documentLevel: unknown): Node[] {
  const list = Array.isArray(operationLevel) ? operationLevel : Array.isArray(documentLevel) ? documentLevel : [];
  return list.filter((x): x is Node => x !== null && typeof x === 'object');
}

function removedScopes(docs: DocumentPair): Map<string, Map<string, string[]>> {
  let found = removedByDocs.get(docs);
  if (found) return found;
  found = new Map();
  const b = schemesOf(docs.base);
  const r = schemesOf(docs.revision);
  for (const [name, bs] of Object.entries(b)) {
    const bf = flowsOf(docs.base, bs, name);
    const rf = flowsOf(docs.revision, r[name], name);
    for (const [flow, scopes] of Object.entries(bf)) {
      // A flow gone is api-security-component-oauth-flow-removed, breaking for every client of the scheme.
      const kept = rf[flow];
      if (!kept) continue;
      for (const scope of Object.keys(scopes)) {
        if (Object.hasOwn(kept, scope)) continue;
        let byScope = found.get(name);
        if (!byScope) found.set(name, (byScope = new Map()));
        byScope.set(scope, [...(byScope.get(scope) ?? []), flow]);
      }
    }
  }
  removedByDocs.set(docs, found);
  return found;
}

function schemesOf(side: DocumentPair['base']): Node {
  const schemes = side.doc.components?.securitySchemes;
  return schemes && typeof schemes === 'object' ? schemes : {};
}

/** Each flow's declared scopes, the scheme's `$ref` followed. */
function flowsOf(side: DocumentPair['base'], value: unknown, name: string): Record<string, Node> {
  if (value === undefined) return {};
  const node = side.resolver.follow<Node>(value, joinPointer('', 'components', 'securitySchemes', name)).node;
  const flows = node?.flows;
  if (!flows || typeof flows !== 'object') return {};
  const out: Record<string, Node> = {};
  for (const [flow, f] of Object.entries(flows as Node)) {
    const scopes = f && typeof f === 'object' ? f.scopes : undefined;
    if (scopes && typeof scopes === 'object') out[flow] = scopes;
  }
  return out;
}
