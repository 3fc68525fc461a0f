// Edits of a generated document (generators.ts), with what the engine should say about them: keys reordered (nothing),
// and the mutations the engine's property test applies, each knowing the rule ids, location and operation a user is shown.
import fc from 'fast-check';
import { buildPointer, follow, getValueAt, isInvisible, listFlagged, listOperations, listSchemaSites, readRefTokens, setValueAt } from './document-sites.js';
import { arbDocument, listTemplateNames } from './generators.js';

type Json = Record<string, any>;

/** The same document with the keys of every object in another order (arrays keep theirs: their order means something). */
export function shuffleKeys<T>(value: T, seed: number): T {
  const next = createRandom(seed);
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    return Object.fromEntries(keys.map((k) => [k, visit((v as Json)[k])]));
  };
  return visit(value) as T;
}

function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type MutationKind =
  | 'remove-property'
  | 'change-type'
  | 'add-required-param'
  | 'delete-operation'
  | 'add-enum-value'
  | 'rename-path-param'
  | 'wrap-in-all-of'
  | 'wrap-in-any-of'
  | 'move-to-components'
  | 'move-flag-into-all-of'
  | 'set-flag-through-all-of';

export const MUTATION_KINDS: readonly MutationKind[] = [
  'remove-property',
  'change-type',
  'add-required-param',
  'delete-operation',
  'add-enum-value',
  'rename-path-param',
  'wrap-in-all-of',
  'wrap-in-any-of',
  'move-to-components',
  'move-flag-into-all-of',
  'set-flag-through-all-of',
];

/**
 * `none`: the diff is empty, but for ids `tolerate` matches (a known false positive, see the test).
 * `some`: one change has one of `ids` (at `location` and under `operation` when given), and with `alone` none has an id it does not match.
 */
type Expectation = { kind: 'none'; tolerate?: RegExp } | { kind: 'some'; ids: string[]; location?: string; operation?: string; alone?: RegExp };

export interface Mutation {
  kind: MutationKind;
  base: Json;
  revision: Json;
  expect: Expectation;
  /** What was edited, for the failure message. */
  where: string;
}

function pick<T>(list: T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

const PLAIN_TYPES: unknown[] = ['string', 'integer', 'number', 'boolean'];

type Mutate = (rev: Json, n: number) => Omit<Mutation, 'kind' | 'base' | 'revision'> | undefined;

const MUTATORS: Record<MutationKind, Mutate> = {
  'remove-property': (rev, n) => {
    const candidates = listSchemaSites(rev).flatMap((s) =>
      Object.keys(s.node.properties ?? {})
        .filter((name) => !s.node.allOf && !isInvisible(getValueAt(rev, follow(rev, [...s.resolved, 'properties', name])), s.direction, rev))
        .map((name) => ({ s, name })),
    );
    const c = pick(candidates, n);
    if (!c) return undefined;
    const location = buildPointer([...c.s.resolved, 'properties', c.name]);
    delete c.s.node.properties[c.name];
    if (Array.isArray(c.s.node.required)) c.s.node.required = c.s.node.required.filter((r: string) => r !== c.name);
    const ids = c.s.direction === 'request' ? ['request-property-removed'] : ['response-required-property-removed', 'response-optional-property-removed'];
    return { expect: { kind: 'some', ids, location }, where: location };
  },
  'change-type': (rev, n) => {
    const s = pick(
      listSchemaSites(rev).filter((x) => x.node.type === 'string'),
      n,
    );
    if (!s) return undefined;
    s.node.type = 'integer';
    for (const k of ['format', 'pattern', 'minLength', 'maxLength', 'enum']) delete s.node[k];
    return { expect: { kind: 'some', ids: [`${s.direction}-${s.position}-type-changed`] }, where: buildPointer(s.resolved) };
  },
  'add-required-param': (rev, n) => {
    const op = pick(listOperations(rev), n);
    if (!op) return undefined;
    const node = rev.paths[op.path][op.method];
    node.parameters = [...(node.parameters ?? []), { name: 'added_param', in: 'query', required: true, schema: { type: 'string' } }];
    return { expect: { kind: 'some', ids: ['new-required-request-parameter'], operation: op.label }, where: op.label };
  },
  'delete-operation': (rev, n) => {
    const op = pick(listOperations(rev), n);
    if (!op) return undefined;
    const item = rev.paths[op.path];
    delete item[op.method];
    if (!listOperations({ paths: { [op.path]: item } }).length) delete rev.paths[op.path];
    const ids = ['removed-without-deprecation', 'removed-before-sunset', 'removed-with-deprecation'].flatMap((s) => [`api-${s}`, `api-path-${s}`]);
    return { expect: { kind: 'some', ids, operation: op.label }, where: op.label };
  },
  'add-enum-value': (rev, n) => {
    const s = pick(
      listSchemaSites(rev).filter((x) => Array.isArray(x.node.enum)),
      n,
    );
    if (!s) return undefined;
    s.node.enum.push(typeof s.node.enum[0] === 'number' ? 99 : 'zz-added');
    return { expect: { kind: 'some', ids: [`${s.direction}-${s.position}-enum-value-added`] }, where: buildPointer(s.resolved) };
  },
  'rename-path-param': (rev, n) => {
    const path = pick(
      Object.keys(rev.paths).filter((p) => listTemplateNames(p).length > 0),
      n,
    );
    if (!path) return undefined;
    const name = listTemplateNames(path)[0];
    const renamed = path.replace(`{${name}}`, `{${name}_renamed}`);
    const item = rev.paths[path];
    for (const list of [item.parameters, ...Object.values<Json>(item).map((op) => op?.parameters)]) {
      for (const p of Array.isArray(list) ? list : []) if (p.in === 'path' && p.name === name) p.name = `${name}_renamed`;
    }
    // Same place in `paths`, new key.
    rev.paths = Object.fromEntries(Object.entries(rev.paths).map(([k, v]) => [k === path ? renamed : k, v]));
    return { expect: { kind: 'none' }, where: `${path} -> ${renamed}` };
  },
  'wrap-in-all-of': (rev, n) => {
    // Left out, a known false positive: a schema that is already an allOf (its parts are paired with the wrapper and
    // reported removed). A readOnly or writeOnly one is in: its flag is read through the wrapper (schema-flags.ts).
    const s = pick(
      listSchemaSites(rev).filter((x) => !x.node.allOf),
      n,
    );
    if (!s) return undefined;
    setValueAt(rev, s.written, { allOf: [getValueAt(rev, s.written)] });
    // `{allOf: [S]}` says what S says: at most a note that the schema is now composed.
    return { expect: { kind: 'none', tolerate: /-(all-of-added|became-all-of)$/ }, where: buildPointer(s.written) };
  },
  'wrap-in-any-of': (rev, n) => {
    const s = pick(
      // Left out: a readOnly (writeOnly) schema beside an unflagged alternative is no longer read-only as a whole (values
      // of the other are sent), so the property also enters the payload it was hidden from: more than `any-of-added`.
      listSchemaSites(rev).filter((x) => PLAIN_TYPES.includes(x.node.type) && x.node.readOnly === undefined && x.node.writeOnly === undefined),
      n,
    );
    if (!s) return undefined;
    const written = getValueAt(rev, s.written);
    setValueAt(rev, s.written, { anyOf: [written, { type: s.node.type === 'boolean' ? 'integer' : 'boolean' }] });
    // The value is still one alternative: one change, the other type beside it, and nothing about the value (the same
    // change reached at other places of a shared schema, too). Where every alternative is a bare type, that change
    // is a list of types widened, said of the list.
    const bare = Object.keys(written).every((k) => ['type', 'title', 'description', 'nullable'].includes(k));
    const [change, location] = bare ? ['list-of-types-widened', s.written] : ['any-of-added', [...s.written, 'anyOf', '1']];
    return {
      expect: { kind: 'some', ids: [`${s.direction}-${s.position}-${change}`], location: buildPointer(location), alone: new RegExp(`-${change}$`) },
      where: buildPointer(s.written),
    };
  },
  'move-to-components': (rev, n) => {
    const s = pick(
      listSchemaSites(rev).filter((x) => readRefTokens(getValueAt(rev, x.written)) === undefined),
      n,
    );
    if (!s) return undefined;
    const name = `Moved${n % 1000}`;
    rev.components.schemas[name] = s.node;
    setValueAt(rev, s.written, { $ref: `#/components/schemas/${name}` });
    return { expect: { kind: 'none' }, where: `${buildPointer(s.written)} -> ${name}` };
  },
  'move-flag-into-all-of': (rev, n) => {
    // `{type, readOnly: true}` written as `allOf: [{type}, {readOnly: true}]`, as 3.0 authors write a read-only `$ref`.
    const c = pick(listFlagged(rev), n);
    if (!c) return undefined;
    const { [c.flag]: _, ...rest } = c.node;
    setValueAt(rev, c.at, { allOf: [rest, { [c.flag]: true }] });
    return { expect: { kind: 'none', tolerate: /-(all-of-added|all-of-added-annotation-only|became-all-of)$/ }, where: buildPointer(c.at) };
  },
  'set-flag-through-all-of': (rev, n) => {
    // A property of a request made readOnly (of a response made writeOnly) in an allOf member: it leaves that payload.
    const s = pick(
      listSchemaSites(rev).filter((x) => x.written.at(-2) === 'properties' && x.node.readOnly === undefined && x.node.writeOnly === undefined),
      n,
    );
    if (!s) return undefined;
    const flag = s.direction === 'request' ? 'readOnly' : 'writeOnly';
    setValueAt(rev, s.written, { allOf: [getValueAt(rev, s.written), { [flag]: true }] });
    const word = flag === 'readOnly' ? 'read-only' : 'write-only';
    const ids = ['required', 'optional'].map((req) => `${s.direction}-${req}-property-became-${word}`);
    return { expect: { kind: 'some', ids, location: buildPointer(s.written) }, where: buildPointer(s.written) };
  },
};

/** One mutation of a generated document; `undefined` when the document has nothing it applies to. */
export function mutate(base: Json, kind: MutationKind, n: number): Mutation | undefined {
  const revision = structuredClone(base);
  const done = MUTATORS[kind](revision, n);
  return done && { kind, base, revision, ...done };
}

export const arbMutation: fc.Arbitrary<{ kind: MutationKind; mutation: Mutation | undefined }> = fc
  .tuple(arbDocument, fc.constantFrom(...MUTATION_KINDS), fc.nat())
  .map(([doc, kind, n]) => ({ kind, mutation: mutate(doc, kind, n) }));
