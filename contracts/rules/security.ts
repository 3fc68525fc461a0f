// Security requirements. A requirement list is a set of alternatives, each a set of schemes with
// scopes; old clients keep working when, for every alternative they could satisfy before, the
// revision still offers one that needs no more than that.
import type { Emit, OperationPair, RuleFamily } from './types.js';

type Alternative = Map<string, Set<string>>;

export const securityFamily: RuleFamily = {
  rules: [
    { id: 'api-security-added', level: 'breaking', description: 'operation security: a requirement old clients cannot meet was added' },
    { id: 'api-security-scope-added', level: 'breaking', description: 'operation security: a scope old clients lack is now required' },
    { id: 'api-security-removed', level: 'info', description: 'operation security: a requirement was removed' },
  ],
  checkOperation(pair, emit) {
    checkSecurity(pair, emit);
  },
};

function checkSecurity(pair: OperationPair, emit: Emit): void {
  const b = effective(pair.base.operation.security, pair.docs.base.doc.security);
  const r = effective(pair.revision.operation.security, pair.docs.revision.doc.security);
  const pointer = pair.revision.operation.security !== undefined ? pair.revision.pointer + '/security' : '/security';
  const target = { kind: 'security' as const };
  for (const alt of b) {
    if (r.some((y) => needsNoMore(y, alt))) continue;
    const sameSchemes = r.find((y) => [...y.keys()].every((k) => alt.has(k)));
    if (sameSchemes) {
      const extra = [...sameSchemes].flatMap(([k, scopes]) => [...scopes].filter((s) => !alt.get(k)!.has(s)).map((s) => `${k}:${s}`));
      emit({ id: 'api-security-scope-added', side: 'revision', pointer, message: `${pair.revision.label} now requires scope ${extra.join(', ')}`, target, everyCaller: true });
    } else {
      const names = r.map((y) => [...y.keys()].join(' + ') || 'none').join(' or ');
      emit({ id: 'api-security-added', side: 'revision', pointer, message: `${pair.revision.label} now requires ${names}${alt.size ? ` where ${[...alt.keys()].join(' + ')} was enough` : ''}`, target, everyCaller: true });
    }
    return;
  }
  const removed = b.filter((x) => !r.some((y) => sameAlternative(x, y)) && x.size > 0);
  for (const x of removed) {
    emit({ id: 'api-security-removed', side: 'base', pointer: pair.base.operation.security !== undefined ? pair.base.pointer + '/security' : '/security', message: `${pair.base.label} no longer requires ${[...x.keys()].join(' + ')}`, target });
  }
}

function effective(operationLevel: unknown, documentLevel: unknown): Alternative[] {
  const list = Array.isArray(operationLevel) ? operationLevel : Array.isArray(documentLevel) ? documentLevel : [];
  if (list.length === 0) return [new Map()];
  return list.map((req) => new Map(Object.entries(req ?? {}).map(([k, scopes]) => [k, new Set(Array.isArray(scopes) ? scopes.map(String) : [])])));
}

/** Whether a client holding `held` can satisfy `needed`. */
function needsNoMore(needed: Alternative, held: Alternative): boolean {
  for (const [scheme, scopes] of needed) {
    const have = held.get(scheme);
    if (!have) return false;
    for (const s of scopes) if (!have.has(s)) return false;
  }
  return true;
}

function sameAlternative(a: Alternative, b: Alternative): boolean {
  return needsNoMore(a, b) && needsNoMore(b, a);
}
