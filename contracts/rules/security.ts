// Security requirements. A requirement list is a set of alternatives, each a set of schemes with
// scopes; old clients keep working when, for every alternative they could satisfy before, the
// revision still offers one that needs no more than that. An operation that inherits the
// document's requirements on both sides is reported with the `api-global-security-*` ids.

import { checkScopesStillRequired } from './security-scopes.js';
import { SECURITY_RULES } from './table/security.js';
import type { DocumentPair, Emit, OperationPair, RuleFamily, RuleId } from './types.js';

type Alternative = Map<string, Set<string>>;

export const securityFamily: RuleFamily = {
  name: 'security',
  rules: SECURITY_RULES,
  checkOperation(pair, emit) {
    checkSecurity(pair, emit);
    checkScopesStillRequired(pair, emit);
  },
};

/** An operation that inherits the document's requirements on both sides is reported with oasdiff's `api-global-security-*` ids. */
const OPERATION_IDS = {
  added: 'api-security-added',
  scopeAdded: 'api-security-scope-added',
  removed: 'api-security-removed',
  scopeRemoved: 'api-security-scope-removed',
} as const satisfies Record<string, RuleId>;
const GLOBAL_IDS = {
  added: 'api-global-security-added',
  scopeAdded: 'api-global-security-scope-added',
  removed: 'api-global-security-removed',
  scopeRemoved: 'api-global-security-scope-removed',
} as const satisfies Record<string, RuleId>;

function checkSecurity(pair: OperationPair, emit: Emit): void {
  const own = { base: pair.base.operation.security !== undefined, revision: pair.revision.operation.security !== undefined };
  const written = {
    base: listOf(pair.base.operation.security, pair.docs.base.doc.security),
    revision: listOf(pair.revision.operation.security, pair.docs.revision.doc.security),
  };
  // The same requirements written alike, no scheme renamed: every alternative is still offered, and nothing is to be said.
  if (sameRequirements(written.base, written.revision) && renamedSchemes(pair.docs).size === 0) return;
  const b = effective(pair.base.operation.security, pair.docs.base.doc.security);
  const r = renamed(effective(pair.revision.operation.security, pair.docs.revision.doc.security), renamedSchemes(pair.docs));
  const global = !own.base && !own.revision;
  const ids = global ? GLOBAL_IDS : OPERATION_IDS;
  const inherited = global ? ' (document-level security)' : '';
  const pointer = own.revision ? `${pair.revision.pointer}/security` : '/security';
  const basePointer = own.base ? `${pair.base.pointer}/security` : '/security';
  const target = { kind: 'security' as const };
  for (const alt of b) {
    if (r.some((y) => needsNoMore(y, alt))) continue;
    const sameSchemes = r.find((y) => [...y.keys()].every((k) => alt.has(k)));
    if (sameSchemes) {
      const extra = [...sameSchemes].flatMap(([k, scopes]) => [...scopes].filter((s) => !alt.get(k)!.has(s)).map((s) => `${k}:${s}`));
      emit({
        id: ids.scopeAdded,
        side: 'revision',
        pointer,
        message: `${pair.revision.label} now requires scope ${extra.join(', ')}${inherited}`,
        target,
        everyCaller: true,
      });
    } else {
      const names = r.map((y) => [...y.keys()].join(' + ') || 'none').join(' or ');
      emit({
        id: ids.added,
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
        id: ids.scopeRemoved,
        side: 'base',
        pointer: basePointer,
        message: `${pair.base.label} no longer requires scope ${dropped.join(', ')}${inherited}`,
        target,
      });
    } else {
      emit({
        id: ids.removed,
        side: 'base',
        pointer: basePointer,
        message: `${pair.base.label} no longer requires ${[...x.keys()].join(' + ')}${inherited}`,
        target,
      });
    }
  }
}

/** The requirement list that applies, as written: the operation's own, else the document's; none is an empty list. */
function listOf(operationLevel: unknown, documentLevel: unknown): unknown[] {
  return Array.isArray(operationLevel) ? operationLevel : Array.isArray(documentLevel) ? documentLevel : NO_LIST;
}

const NO_LIST: unknown[] = Object.freeze([]) as unknown as unknown[];

/**
 * Whether two lists hold the same requirements in the same order, each the same schemes in the same order with the same
 * scopes: then `effective` reads them alike. Checked before any map is built, since most operations keep theirs (Box's
 * diff built a map and sets per requirement of ~300 operations, ~3% of it).
 */
function sameRequirements(b: unknown[], r: unknown[]): boolean {
  if (b === r) return true;
  if (b.length !== r.length) return false;
  for (let i = 0; i < b.length; i++) {
    const x = b[i];
    const y = r[i];
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object' || Array.isArray(x) || Array.isArray(y)) return false;
    const xk = Object.keys(x);
    const yk = Object.keys(y);
    if (xk.length !== yk.length) return false;
    for (let k = 0; k < xk.length; k++) {
      if (xk[k] !== yk[k] || !sameScopes((x as Record<string, unknown>)[xk[k]], (y as Record<string, unknown>)[yk[k]])) return false;
    }
  }
  return true;
}

function sameScopes(x: unknown, y: unknown): boolean {
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] || typeof x[i] !== 'string') return false;
  return true;
}

function effective(operationLevel: unknown, documentLevel: unknown): Alternative[] {
  const list = listOf(operationLevel, documentLevel);
  if (list.length === 0) return [new Map()];
  return list.map((req) => new Map(Object.entries(req ?? {}).map(([k, scopes]) => [k, new Set(Array.isArray(scopes) ? scopes.map(String) : [])])));
}

const renames = new WeakMap<DocumentPair, Map<string, string>>();

/**
 * The name a document gives a scheme under components is never sent: a revision scheme under a new name whose
 * definition is that of a base scheme gone from the revision (its description aside) is that scheme renamed, and a
 * client signs in as before. A base scheme still defined is no rename: two schemes alike on the wire may take different
 * credentials (an admin key and a user key, both bearer tokens), so moving an operation to the other one is judged by
 * name. Only a one-to-one match counts. Revision name -> base name, worked out once per document pair.
 */
function renamedSchemes(docs: DocumentPair): Map<string, string> {
  let found = renames.get(docs);
  if (found) return found;
  found = new Map();
  const b = schemesOf(docs.base);
  const r = schemesOf(docs.revision);
  const gone = [...b.keys()].filter((name) => !r.has(name));
  const fresh = [...r.keys()].filter((name) => !b.has(name));
  for (const name of fresh) {
    const same = gone.filter((old) => b.get(old) === r.get(name));
    const rivals = fresh.filter((other) => r.get(other) === r.get(name));
    if (same.length === 1 && rivals.length === 1) found.set(name, same[0]);
  }
  renames.set(docs, found);
  return found;
}

/** Each scheme's definition as text, keys sorted and its description left out. */
function schemesOf(side: DocumentPair['base']): Map<string, string> {
  const schemes = side.doc.components?.securitySchemes;
  const out = new Map<string, string>();
  if (!schemes || typeof schemes !== 'object') return out;
  for (const [name, value] of Object.entries(schemes as Record<string, unknown>)) {
    const node = side.resolver.follow<Record<string, unknown>>(value, `/components/securitySchemes/${name}`).node;
    if (node && typeof node === 'object') out.set(name, canonical({ ...node, description: undefined }));
  }
  return out;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (!value || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
    .join(',')}}`;
}

function renamed(alternatives: Alternative[], names: Map<string, string>): Alternative[] {
  if (names.size === 0) return alternatives;
  return alternatives.map((alt) => new Map([...alt].map(([scheme, scopes]) => [names.get(scheme) ?? scheme, scopes])));
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
