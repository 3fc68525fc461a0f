// Table-driven rule tests: small OpenAPI 3 documents as objects, diffed with diffDocuments, and
// the findings compared with what a user would read: id, level, operation, location, message.
import { expect, it } from 'vitest';
import { diffDocuments } from '../../../contracts/diff.js';
import type { Level } from '../../../contracts/model.js';
import { levelOf, RULES } from '../../../contracts/rules/index.js';

export type Doc = Record<string, any>;

interface Expected {
  id: string;
  level?: Level;
  /** The operation label (`GET /pets/{id}`); `null` for document-wide findings. */
  operation?: string | null;
  /** The JSON pointer, exactly. */
  pointer?: string;
  /** Pieces the message must contain. */
  message?: string[];
}

export interface RuleCase {
  name: string;
  base: Doc;
  revision: Doc;
  /** Every finding, in any order (an id may repeat); `'none'` when there must be none at all. */
  expect: (Expected | string)[] | 'none';
  /** Only look at findings of these ids (for cases where unrelated info findings are not the point). */
  only?: string[];
  today?: string;
}

interface SeenFinding {
  id: string;
  level: Level;
  operation: string | null;
  pointer: string;
  message: string;
}

export function findings(base: Doc, revision: Doc, today = '2026-11-23'): SeenFinding[] {
  return diffDocuments(base, revision, { today }).findings.map((f) => ({
    id: f.id,
    level: f.inert ? 'info' : levelOf(f.id),
    operation: f.operation ?? null,
    pointer: f.pointer,
    message: f.message,
  }));
}

/** One `it` per case. */
export function runRuleCases(cases: RuleCase[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const all = findings(c.base, c.revision, c.today);
    expect(
      all.map((f) => f.id).filter((id) => !RULES.has(id)),
      'ids no rule family declares',
    ).toEqual([]);
    const seen = all.filter((f) => !c.only || c.only.includes(f.id));
    if (c.expect === 'none') {
      expect(seen).toEqual([]);
      return;
    }
    const wanted = c.expect.map((e) => (typeof e === 'string' ? { id: e } : e));
    expect(seen.map((f) => f.id).sort()).toEqual(wanted.map((e) => e.id).sort());
    const left = [...seen];
    for (const e of wanted) {
      const i = left.findIndex((f) => matches(f, e));
      expect(i, `a finding like ${JSON.stringify(e)} among ${JSON.stringify(left, null, 1)}`).toBeGreaterThanOrEqual(0);
      left.splice(i, 1);
    }
  });
}

function matches(f: SeenFinding, e: Expected): boolean {
  return (
    f.id === e.id &&
    (e.level === undefined || f.level === e.level) &&
    (e.operation === undefined || f.operation === e.operation) &&
    (e.pointer === undefined || f.pointer === e.pointer) &&
    (e.message === undefined || e.message.every((piece) => f.message.includes(piece)))
  );
}

// ---- small document builders ----

/** A case whose keywords are JSON Schema 2020-12's: made in 3.1 documents, as no 3.0 reader applies them (version-keywords.ts). */
export function in31(c: RuleCase): RuleCase {
  return { ...c, base: { ...c.base, openapi: '3.1.0' }, revision: { ...c.revision, openapi: '3.1.0' } };
}

export function api(paths: Doc, extra: Doc = {}): Doc {
  return { openapi: '3.0.3', info: { title: 'pets', version: '1.0.0' }, paths, ...extra };
}

export const ok = (content?: Doc): Doc => ({ '200': { description: 'ok', ...(content ? { content } : {}) } });

export const json = (schema: Doc): Doc => ({ 'application/json': { schema } });

/**
 * Cases for one change of a body schema on both sides: POST /pets takes it as its request body, GET /pets returns it,
 * in documents laid over by `extra` (`{ openapi: '3.1.0' }`). `req` and `res` are what each side must report.
 */
export function bodyCases(extra: Doc = {}) {
  const request = (schema: Doc): Doc => api({ '/pets': { post: { requestBody: { required: true, content: json(schema) }, responses: ok() } } }, extra);
  const response = (schema: Doc): Doc => api({ '/pets': { get: { responses: ok(json(schema)) } } }, extra);
  return (name: string, from: Doc, to: Doc, req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] => [
    { name: `request: ${name}`, base: request(from), revision: request(to), expect: req },
    { name: `response: ${name}`, base: response(from), revision: response(to), expect: res },
  ];
}

/** `POST /pets` whose JSON request body is `schema`. */
export function requestBody(schema: Doc, components?: Doc): Doc {
  return api({ '/pets': { post: { requestBody: { required: true, content: json(schema) }, responses: ok() } } }, components ? { components } : {});
}

/** `GET /pets` whose 200 JSON response body is `schema`. */
export function responseBody(schema: Doc, components?: Doc): Doc {
  return api({ '/pets': { get: { responses: ok(json(schema)) } } }, components ? { components } : {});
}

/** `GET /pets` with one parameter. */
export function withParameter(parameter: Doc, components?: Doc): Doc {
  return api({ '/pets': { get: { parameters: [parameter], responses: ok() } } }, components ? { components } : {});
}

export const obj = (properties: Doc, required?: string[], extra: Doc = {}): Doc => ({
  type: 'object',
  properties,
  ...(required ? { required } : {}),
  ...extra,
});

// ---- a keyword of one property changed ----

/** A case on property `v` of `POST /pets`'s request body, whose schema goes from `from` to `to`. */
export const inRequest = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
  name: `request: ${name}`,
  base: requestBody(obj({ v: from })),
  revision: requestBody(obj({ v: to })),
  expect,
});

/** The same on property `v` of `GET /pets`'s 200 response body. */
export const inResponse = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
  name: `response: ${name}`,
  base: responseBody(obj({ v: from })),
  revision: responseBody(obj({ v: to })),
  expect,
});

/** Where inRequest's and inResponse's property `v` stands. */
export const REQ_V = '/paths/~1pets/post/requestBody/content/application~1json/schema/properties/v';
export const RES_V = '/paths/~1pets/get/responses/200/content/application~1json/schema/properties/v';
