// Security requirements. A requirement list is a set of alternatives, each a set of schemes with
// scopes; old clients keep working when, for every alternative they could satisfy before, the
// revision still offers one that needs no more than that. An operation that inherits the
// document's requirements on both sides is reported with the `api-global-security-*` ids.
import type { Emit, OperationPair, RuleFamily } from './types.js';

type Alternative = Map<string, Set<string>>;

export const securityFamily: RuleFamily = {
  name: 'security',
  rules: [
    { id: 'api-security-added', level: 'breaking', description: 'operation security: a requirement old clients cannot meet was added' },
    { id: 'api-security-scope-added', level: 'breaking', description: 'operation security: a scope old clients lack is now required' },
    { id: 'api-security-removed', level: 'info', description: 'operation security: a requirement was removed' },
    { id: 'api-security-scope-removed', level: 'info', description: 'operation security: a scope is no longer required' },
    {
      id: 'api-global-security-added',
      level: 'breaking',
      description: 'document security (inherited by the operation): a requirement old clients cannot meet was added',
    },
    {
      id: 'api-global-security-scope-added',
      level: 'breaking',
      description: 'document security (inherited by the operation): a scope old clients lack is now required',
    },
    { id: 'api-global-security-removed', level: 'info', description: 'document security (inherited by the operation): a requirement was removed' },
    { id: 'api-global-security-scope-removed', level: 'info', description: 'document security (inherited by the operation): a scope is no longer required' },
  ],
  checkOperation(pair, emit) {
    checkSecurity(pair, emit);
  },
};

function checkSecurity(pair: OperationPair, emit: Emit): void {
  const own = { base: pair.base.operation.security !== undefined, revision: pair.revision.operation.security !== undefined };
  const b = effective(pair.base.operation.security, pair.docs.base.doc.security);
  const r = effective(pair.revision.operation.security, pair.docs.revision.doc.security);
  const prefix = !own.base && !own.revision ? 'api-global-security' : 'api-security';
  const inherited = prefix === 'api-global-security' ? ' (document-level security)' : '';
  const pointer = own.revision ? `${pair.revision.pointer}/security` : '/security';
  const basePointer = own.base ? `${pair.base.pointer}/security` : '/security';
  const target = { kind: 'security' as const };
  for (const alt of b) {
    if (r.some((y) => needsNoMore(y, alt))) continue;
    const sameSchemes = r.find((y) => [...y.keys()].every((k) => alt.has(k)));
    if (sameSchemes) {
      const extra = [...sameSchemes].flatMap(([k, scopes]) => [...scopes].filter((s) => !alt.get(k)!.has(s)).map((s) => `${k}:${s}`));
      emit({
        id: `${prefix}-scope-added`,
        side: 'revision',
        pointer,
        message: `${pair.revision.label} now requires scope ${extra.join(', ')}${inherited}`,
        target,
        everyCaller: true,
      });
    } else {
      const names = r.map((y) => [...y.keys()].join(' + ') || 'none').join(' or ');
      emit({
        id: `${prefix}-added`,
        side: 'revision',
        pointer,
        message: `${pair.revision.label} now requires ${names}${alt.size ? ` where ${[...alt.keys()].join(' + ')} was enough` : ''}${inherited}`,
        target,
        everyCaller: true,
      });
    }
    return;
  }
  for (const x of b.filter((x) => x.size > 0 && !r.some((y) => sameAlternative(x, y)))) {
    const fewer = r.find((y) => sameKeys(x, y) && needsNoMore(y, x));
    if (fewer) {
      const dropped = [...x].flatMap(([k, scopes]) => [...scopes].filter((s) => !fewer.get(k)!.has(s)).map((s) => `${k}:${s}`));
      emit({
        id: `${prefix}-scope-removed`,
        side: 'base',
        pointer: basePointer,
        message: `${pair.base.label} no longer requires scope ${dropped.join(', ')}${inherited}`,
        target,
      });
    } else {
      emit({
        id: `${prefix}-removed`,
        side: 'base',
        pointer: basePointer,
        message: `${pair.base.label} no longer requires ${[...x.keys()].join(' + ')}${inherited}`,
        target,
      });
    }
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

function sameKeys(a: Alternative, b: Alternative): boolean {
  return a.size === b.size && [...a.keys()].every((k) => b.has(k));
}

function sameAlternative(a: Alternative, b: Alternative): boolean {
  return needsNoMore(a, b) && needsNoMore(b, a);
}
