// Swagger 2.0 names how an array is written with collectionFormat (csv, ssv, tsv, pipes, multi): between two 2.0 files
// a change is said in those names, not in the 3.0 styles the conversion stands them for (3.0 has no tsv at all), and a
// formData field's finding is located at the field's own parameter, where its author reads it, not at the first one.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';

type Doc = Record<string, any>;
const ok = { '200': { description: 'ok' } };
const str = { type: 'string' };
const swagger = (parameters: Doc[], consumes?: string[]): Doc => ({
  swagger: '2.0',
  info: { title: 'pets', version: '1.0.0' },
  paths: { '/pets': { post: { ...(consumes ? { consumes } : {}), parameters, responses: ok } } },
});
const ids = (format?: string, where = 'query') => ({ name: 'ids', in: where, type: 'array', items: str, ...(format ? { collectionFormat: format } : {}) });

type Seen = [id: string, level: string, location: string, message: string];

async function seen(base: Doc, revision: Doc): Promise<Seen[]> {
  const diff = diffContracts(await parseContract(JSON.stringify(base), 'base.json'), await parseContract(JSON.stringify(revision), 'revision.json'));
  return diff.changes.map((c): Seen => [c.id, c.level, c.location, c.message]);
}

const QUERY = '/paths/~1pets/post/parameters/0';
const said = (from: string, to: string) => `query parameter \`ids\`: collectionFormat changed from ${from} to ${to}`;

describe('2.0 query collectionFormat, named as written', () => {
  it.each([
    ['ssv', 'tsv', 'request-parameter-style-changed'],
    [undefined, 'tsv', 'request-parameter-style-changed'],
    ['tsv', 'pipes', 'request-parameter-style-changed'],
    ['tsv', 'multi', 'request-parameter-style-changed'],
    ['ssv', 'multi', 'request-parameter-style-changed'],
    ['pipes', 'csv', 'request-parameter-style-changed'],
    [undefined, 'multi', 'request-parameter-explode-changed'],
  ])('%s -> %s', async (from, to, id) => {
    expect(await seen(swagger([ids(from)]), swagger([ids(to)]))).toEqual([[id, 'breaking', QUERY, said(from ?? 'csv', to)]]);
  });

  it('the same format written out or left to its default is no change', async () => {
    expect(await seen(swagger([ids()]), swagger([ids('csv')]))).toEqual([]);
    expect(await seen(swagger([ids('tsv')]), swagger([ids('tsv')]))).toEqual([]);
  });
});

describe('2.0 formData fields, located at their own parameter', () => {
  const FORM = ['application/x-www-form-urlencoded'];
  const name = (extra: Doc = {}) => ({ name: 'name', in: 'formData', type: 'string', ...extra });
  const age = (extra: Doc = {}) => ({ name: 'age', in: 'formData', type: 'integer', ...extra });

  it('a bound written on the second field is located there', async () => {
    expect(await seen(swagger([name(), age()], FORM), swagger([name(), age({ maximum: 150 })], FORM))).toEqual([
      ['request-property-max-set', 'breaking', '/paths/~1pets/post/parameters/1/maximum', 'request property `age` now has maximum 150'],
    ]);
  });

  it("the second field's collectionFormat is located at it", async () => {
    const [first] = await seen(swagger([name(), ids('csv', 'formData')], FORM), swagger([name(), ids('tsv', 'formData')], FORM));
    expect(first).toEqual([
      'request-body-part-style-changed',
      'breaking',
      '/paths/~1pets/post/parameters/1',
      'request body (application/x-www-form-urlencoded) part `ids`: collectionFormat changed from csv to tsv',
    ]);
  });

  it('a new required field is located at it', async () => {
    const found = await seen(swagger([name()], FORM), swagger([name(), age({ required: true })], FORM));
    expect(found.map(([id, , location]) => [id, location])).toEqual([['new-required-request-property', '/paths/~1pets/post/parameters/1']]);
  });
});
