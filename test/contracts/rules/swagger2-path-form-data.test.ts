// Swagger 2.0 formData parameters written on a path (Path Item `parameters`) apply to every operation of the path, as
// a path's body does: each is a field of the operation's form body, judged as if written on the operation, whether the
// operation lists parameters of its own or not; one of the same name written on the operation overrides it.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';

type Doc = Record<string, any>;
const ok = { '200': { description: 'ok' } };
const note = (extra: Doc = {}) => ({ name: 'note', in: 'formData', type: 'string', ...extra });
const size = (extra: Doc = {}) => ({ name: 'size', in: 'formData', type: 'integer', maximum: 100, ...extra });
const tags = (collectionFormat: string) => ({ name: 'tags', in: 'formData', type: 'array', items: { type: 'string' }, collectionFormat });

/** `/up` with `onPath` on the path, a POST listing none of its own and a PUT listing `onPut`. */
function swagger(onPath: Doc[], onPut: Doc[] = [], consumes = 'application/x-www-form-urlencoded'): Doc {
  return {
    swagger: '2.0',
    info: { title: 'uploads', version: '1.0.0' },
    consumes: [consumes],
    paths: { '/up': { parameters: onPath, post: { responses: ok }, put: { parameters: onPut, responses: ok } } },
  };
}

// A change to the fields both operations share is one finding naming both (`operations`), as for any shared schema.
type Seen = [operations: string, id: string, level: string, location: string, message: string];

async function seen(base: Doc, revision: Doc): Promise<Seen[]> {
  const diff = diffContracts(await parseContract(JSON.stringify(base), 'base.json'), await parseContract(JSON.stringify(revision), 'revision.json'));
  return diff.changes.map((c): Seen => [(c.operations ?? [c.operation]).join(', '), c.id, c.level, c.location, c.message]).sort();
}

describe('2.0 formData on a path', () => {
  // The converter writes the two operations' equal form bodies once, as a component of its own naming: the finding is
  // located at the path's formData parameter it came from (it was the document's root, line 1, before).
  it('a field made required is breaking for every operation of the path, located at the path parameter', async () => {
    const found = await seen(swagger([note(), size()]), swagger([note({ required: true }), size()]));
    expect(found).toEqual([
      ['POST /up, PUT /up', 'request-property-became-required', 'breaking', '/paths/~1up/parameters/0', 'request property `note` became required'],
      ['POST /up', 'request-body-became-required', 'breaking', '/paths/~1up/parameters/0', 'the request body became required'],
      ['PUT /up', 'request-body-became-required', 'breaking', '/paths/~1up/parameters/0', 'the request body became required'],
    ]);
  });

  it('a bound lowered on a path field is breaking for both operations', async () => {
    const found = await seen(swagger([note(), size()]), swagger([note(), size({ maximum: 10 })]));
    expect(found).toEqual([
      [
        'POST /up, PUT /up',
        'request-property-max-decreased',
        'breaking',
        '/paths/~1up/parameters/1/maximum',
        'maximum of request property `size` decreased from 100 to 10',
      ],
    ]);
  });

  it('a field dropped from the path is a removed property (warning), not lost', async () => {
    const found = await seen(swagger([note(), size()]), swagger([size()]));
    expect(found.map((f) => [f[0], f[1], f[2], f[3]])).toEqual([['POST /up, PUT /up', 'request-property-removed', 'warning', '/paths/~1up/parameters/0']]);
  });

  it('on a path with one operation, the field is located the same way', async () => {
    const one = (params: Doc[]) => {
      const doc = swagger(params);
      delete doc.paths['/up'].put;
      return doc;
    };
    const found = await seen(one([note()]), one([note({ required: true })]));
    expect(found.map((f) => [f[0], f[1], f[3]])).toEqual([
      ['POST /up', 'request-body-became-required', '/paths/~1up/parameters/0'],
      ['POST /up', 'request-property-became-required', '/paths/~1up/parameters/0'],
    ]);
  });

  it('the same fields moved from the path to each operation: no change', async () => {
    const moved: Doc = swagger([]);
    moved.paths['/up'].post.parameters = [note(), size()];
    moved.paths['/up'].put.parameters = [note(), size()];
    expect(await seen(swagger([note(), size()]), moved)).toEqual([]);
  });

  it("a field the operation writes itself overrides the path's: the path's change is not the operation's", async () => {
    const found = await seen(swagger([note(), size()], [size()]), swagger([note(), size({ maximum: 10 })], [size()]));
    expect(found.map((f) => [f[0], f[1]])).toEqual([['POST /up', 'request-property-max-decreased']]);
  });

  it("a path field's collectionFormat changed: breaking, named in 2.0's words", async () => {
    const found = await seen(swagger([tags('csv')], [], 'multipart/form-data'), swagger([tags('pipes')], [], 'multipart/form-data'));
    expect(found.map((f) => [f[0], f[1], f[2], f[4]])).toEqual([
      ['POST /up', 'request-body-part-style-changed', 'breaking', 'request body (multipart/form-data) part `tags`: collectionFormat changed from csv to pipes'],
      ['PUT /up', 'request-body-part-style-changed', 'breaking', 'request body (multipart/form-data) part `tags`: collectionFormat changed from csv to pipes'],
    ]);
  });
});

describe('2.0 bodies the converter writes once for several operations', () => {
  const options = { name: 'body', in: 'body', required: true, schema: { type: 'object', properties: { grace: { type: 'integer' } } } };
  const two = (parameters: Doc[]): Doc => ({
    swagger: '2.0',
    info: { title: 'objects', version: '1.0.0' },
    paths: { '/maps/{id}': { delete: { parameters, responses: ok } }, '/services/{id}': { delete: { parameters, responses: ok } } },
  });

  it('a required body added to each is located at each operation’s own body parameter, not the first one’s or the root', async () => {
    const found = await seen(two([]), two([options]));
    expect(found.map((f) => [f[0], f[1], f[3]])).toEqual([
      ['DELETE /maps/{id}', 'request-body-added-required', '/paths/~1maps~1{id}/delete/parameters/0'],
      ['DELETE /services/{id}', 'request-body-added-required', '/paths/~1services~1{id}/delete/parameters/0'],
    ]);
  });
});
