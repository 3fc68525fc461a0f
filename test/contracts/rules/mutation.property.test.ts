// Every schema change of the rule table, made at every position the table declares it for (request and
// response bodies, properties, parameters, headers): the diff reports that id, narrowing a request or
// widening a response is flagged (breaking or warning), and the opposite is not breaking; a change that is both is
// flagged on both sides, and one that keeps every value is breaking on neither.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Level } from '../../../contracts/model.js';
import { levelOf } from '../../../contracts/rules/index.js';
import { RULE_TABLE, type SchemaChange } from '../../../contracts/rules/table.js';
import type { Direction } from '../../../contracts/rules/types.js';
import { type Effect, MATRIX, type Mutation } from './matrix.js';
import { levelsFound } from './mutation-place.js';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 5) };

const FLAGGED: Level[] = ['breaking', 'warning'];
const placed = RULE_TABLE.flatMap((r) => ('at' in r ? [{ id: r.id, direction: r.at[0], position: r.at[1], change: r.at[2] as SchemaChange }] : []));

type Placed = (typeof placed)[number];

describe('the mutation matrix', () => {
  it.each(placed.map((p) => [`${p.id} (${MATRIX[p.change].effect})`, p] as const))('%s', (_name, p) => {
    assertJudged(p, MATRIX[p.change].make(p.direction, p.position));
  });

  // A `not` is judged by what it says, not how it is written: the same change made inside the component its `$ref`
  // names, the reference itself unchanged, must be reported alike.
  const throughRef = placed.filter((p) => NOT_CHANGES.includes(p.change));
  it.each(throughRef.map((p) => [`${p.id} through a $ref whose target changed`, p] as const))('%s', (_name, p) => {
    assertJudged(p, MATRIX[p.change].make(p.direction, p.position).map(notThroughRef));
  });

  // In OpenAPI 3.1 (JSON Schema 2020-12) keywords beside a `$ref` apply as well as its target: every change made
  // there, beside a `$ref` to a schema that admits anything, must be judged as if it were written without one.
  // A boolean `exclusiveMaximum` is 3.0's form, which sets no bound in 3.1 (version-keywords.test.ts): not made there.
  const besideRef = placed.filter((p) => !NOT_CHANGES.includes(p.change) && !/-became-(ex|in)clusive$/.test(p.change));
  it.each(besideRef.map((p) => [`${p.id} beside a 3.1 $ref`, p] as const))('%s', (_name, p) => {
    assertJudged(p, MATRIX[p.change].make(p.direction, p.position).filter(hasNoRef).map(besideAnyRef));
  });

  // A bound introduced excludes every value past it, which were valid: a request narrowed at least as much as by a bound
  // tightened. A 3.0 bound that became inclusive admits its end value: a range widened as by a bound raised. An enum
  // value added admits a value no reader saw, as a type added to a list of types does. Each is judged at the level of
  // its twin, in both directions.
  const twinned: [string, Placed, Placed][] = [];
  for (const p of placed) {
    const twin = placed.find((t) => t.direction === p.direction && t.position === p.position && t.change === twinOf(p.change));
    if (twin) twinned.push([`${p.id} judged as ${twin.id}`, p, twin]);
  }
  it.each(twinned)('%s', (_name, p, twin) => {
    fc.assert(
      fc.property(MATRIX[p.change].make(p.direction, p.position), (m) => {
        expect(levelsFound(m, p.direction, p.position).get(p.id)).toBe(levelOf(twin.id));
      }),
      RUNS,
    );
  });

  // One principle sets the levels: a client is hurt alike when a request is narrowed and when a response is widened
  // by the same keyword (the value on the edge of the old contract crosses it, the one way or the other), so the
  // response's widening has the level of the request's narrowing, where both are judged at the same place.
  const mirrored: [string, Placed, Placed][] = [];
  for (const p of placed) {
    if (p.direction !== 'request' || MATRIX[p.change].effect !== 'narrows') continue;
    const mirror = placed.find((t) => t.direction === 'response' && t.position === p.position && t.change === mirrorOf(p.change));
    if (mirror && MATRIX[mirror.change].effect === 'widens' && !UNMIRRORED.includes(mirror.change))
      mirrored.push([`${mirror.id} judged as ${p.id}`, p, mirror]);
  }
  it.each(mirrored)('%s', (_name, p, mirror) => {
    fc.assert(
      fc.property(MATRIX[p.change].make(p.direction, p.position), MATRIX[mirror.change].make(mirror.direction, mirror.position), (narrowed, widened) => {
        const level = levelsFound(narrowed, p.direction, p.position).get(p.id);
        expect(levelsFound(widened, mirror.direction, mirror.position).get(mirror.id)).toBe(level);
      }),
      RUNS,
    );
  });
});

/** The change another is judged like: `max-length-set` like `max-length-decreased`, `enum-value-added` like a type list widened. */
function twinOf(change: SchemaChange): string | undefined {
  const upper = change.startsWith('max') || change.startsWith('exclusive-max');
  if (change.endsWith('-set') && (upper || change.startsWith('min') || change.startsWith('exclusive-min')))
    return change.replace(/-set$/, upper ? '-decreased' : '-increased');
  if (change.endsWith('-became-inclusive')) return change.replace(/-became-inclusive$/, upper ? '-increased' : '-decreased');
  if (change === 'enum-value-added') return 'list-of-types-widened';
  return undefined;
}

const hasNoRef = (m: Mutation) => m.base.$ref === undefined && m.revision.$ref === undefined;

function besideAnyRef(m: Mutation): Mutation {
  const ref = { $ref: '#/components/schemas/Anything' };
  const withAnything = (c: Mutation['components']) => ({ ...c, schemas: { ...c?.schemas, Anything: {} } });
  return {
    ...m,
    openapi: '3.1.0',
    base: { ...ref, ...spelledIn31(m.base) },
    revision: { ...ref, ...spelledIn31(m.revision) },
    components: withAnything(m.components),
    ...(m.revisionComponents ? { revisionComponents: withAnything(m.revisionComponents) } : {}),
  };
}

/** 3.1 has no `nullable` (JSON Schema 2020-12): a schema that admits null lists it in `type`. */
function spelledIn31(schema: Mutation['base']): Mutation['base'] {
  if (schema.nullable !== true) return schema;
  const { nullable: _, ...rest } = schema;
  return { ...rest, type: [...(Array.isArray(rest.type) ? rest.type : [rest.type]), 'null'] };
}

const NOT_CHANGES: SchemaChange[] = ['not-excludes-more', 'not-excludes-fewer', 'not-changed'];

function notThroughRef(m: Mutation): Mutation {
  const ref = { $ref: '#/components/schemas/Excluded' };
  return {
    ...m,
    base: { ...m.base, not: ref },
    revision: { ...m.revision, not: ref },
    components: { schemas: { Excluded: m.base.not } },
    revisionComponents: { schemas: { Excluded: m.revision.not } },
  };
}

function assertJudged(p: (typeof placed)[number], mutations: fc.Arbitrary<Mutation>): void {
  const row = MATRIX[p.change];
  fc.assert(
    fc.property(mutations, (m) => {
      const found = levelsFound(m, p.direction, p.position);
      expect([...found.keys()], `${p.change} at ${p.direction} ${p.position}`).toContain(p.id);
      const level = found.get(p.id)!;
      expect(flaggedIn(row.effect, p.direction) ? FLAGGED : ['info', 'warning'], `level of ${p.id} in a ${p.direction}`).toContain(level);
    }),
    RUNS,
  );
}

/** Whether a change of that effect must be flagged (breaking or warning) on that side, or must not be breaking there. */
function flaggedIn(effect: Effect, direction: Direction): boolean {
  if (effect === 'changes') return true;
  if (effect === 'keeps') return false;
  if (effect === 'assumed') return direction === 'request';
  return (effect === 'narrows') === (direction === 'request');
}

// An `allOf` part dropped is a warning on both sides: the walk compares what the members say together, so each keyword
// the part carried is judged on its own (a property it declared is reported removed); the part's finding asks a reviewer.
const UNMIRRORED: string[] = ['all-of-removed'];

const OPPOSITES: [string, string][] = [
  ['-increased', '-decreased'],
  ['-set', '-unset'],
  ['-added', '-removed'],
  ['-narrowed', '-widened'],
  ['-specialized', '-generalized'],
  ['-became-exclusive', '-became-inclusive'],
  ['-excludes-more', '-excludes-fewer'],
  ['-forbidden', '-allowed'],
  ['-declared', '-undeclared'],
];

/** The change that undoes another: `max-items-decreased` for `max-items-increased`, `enum-removed` for `became-enum`. */
function mirrorOf(change: SchemaChange): string | undefined {
  if (change === 'became-enum') return 'enum-removed';
  if (change === 'became-not-nullable') return 'became-nullable';
  for (const [a, b] of OPPOSITES) {
    if (change.endsWith(a)) return change.slice(0, -a.length) + b;
    if (change.endsWith(b)) return change.slice(0, -b.length) + a;
  }
  return undefined;
}
