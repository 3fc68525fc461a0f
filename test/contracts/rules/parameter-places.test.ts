// A parameter keyword counts only where its specification gives it meaning: allowEmptyValue and allowReserved on query
// parameters (OpenAPI 3.0 and 3.1), and 2.0's collectionFormat on every place that writes an array, headers and path too.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';
import { type Doc, type RuleCase, runRuleCases, withParameter } from './harness.js';

const str = { type: 'string' };
const as31 = (doc: Doc): Doc => ({ ...doc, openapi: '3.1.0' });

describe('allowEmptyValue and allowReserved apply to query parameters only', () => {
  const cases: RuleCase[] = [];
  for (const where of ['header', 'path', 'cookie']) {
    const p = (extra: Doc) => ({ name: 'id', in: where, ...(where === 'path' ? { required: true } : {}), schema: str, ...extra });
    for (const flag of ['allowEmptyValue', 'allowReserved']) {
      for (const version of ['3.0', '3.1']) {
        const v = version === '3.1' ? as31 : (d: Doc) => d;
        cases.push(
          {
            name: `${version} ${where}: ${flag} dropped changes nothing`,
            base: v(withParameter(p({ [flag]: true }))),
            revision: v(withParameter(p({}))),
            expect: 'none',
          },
          {
            name: `${version} ${where}: ${flag} written changes nothing`,
            base: v(withParameter(p({}))),
            revision: v(withParameter(p({ [flag]: true }))),
            expect: 'none',
          },
        );
      }
    }
  }
  cases.push(
    {
      name: 'a query parameter still is judged: allowEmptyValue dropped is breaking',
      base: withParameter({ name: 'q', in: 'query', allowEmptyValue: true, schema: str }),
      revision: withParameter({ name: 'q', in: 'query', schema: str }),
      expect: [{ id: 'request-parameter-allow-empty-value-removed', level: 'breaking' }],
    },
    {
      name: 'a parameter moved from query to header keeps allowReserved as written: only the move is reported',
      base: withParameter({ name: 'q', in: 'query', allowReserved: true, schema: str }),
      revision: withParameter({ name: 'q', in: 'header', allowReserved: true, schema: str }),
      expect: [{ id: 'request-parameter-in-changed', level: 'breaking' }],
    },
  );
  runRuleCases(cases);
});

/** A Swagger 2.0 document whose `GET /pets/{ids}` takes `param`. */
const swagger = (param: Doc): string =>
  JSON.stringify({
    swagger: '2.0',
    info: { title: 'pets', version: '1.0.0' },
    paths: { '/pets/{ids}': { get: { parameters: [param], responses: { '200': { description: 'ok' } } } } },
  });

async function changes(from: Doc, to: Doc): Promise<string[]> {
  const diff = diffContracts(await parseContract(swagger(from), 'base.json'), await parseContract(swagger(to), 'revision.json'));
  return diff.changes.map((c) => `${c.id} ${c.level} ${c.message}`);
}

describe('2.0 collectionFormat of a header or path parameter (no 3.0 style says ssv, tsv or pipes there)', () => {
  const header = (format?: string) => ({ name: 'X-Ids', in: 'header', type: 'array', items: str, ...(format ? { collectionFormat: format } : {}) });
  const path = (format?: string) => ({ name: 'ids', in: 'path', required: true, type: 'array', items: str, ...(format ? { collectionFormat: format } : {}) });

  it.each([
    ['header', header],
    ['path', path],
  ] as const)('%s: csv -> pipes is breaking, a client still writes a,b', async (where, make) => {
    const seen = await changes(make(), make('pipes'));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^request-parameter-style-changed breaking /);
    expect(seen[0]).toContain(`${where} parameter`);
    expect(seen[0]).toContain('from csv to pipes');
  });

  it('header: ssv -> tsv is breaking too', async () => {
    const seen = await changes(header('ssv'), header('tsv'));
    expect(seen.map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['request-parameter-style-changed breaking']);
    expect(seen[0]).toContain('from ssv to tsv');
  });

  it('csv written out is the default: no change', async () => {
    expect(await changes(header(), header('csv'))).toEqual([]);
    expect(await changes(path('csv'), path())).toEqual([]);
  });

  it('the same format in both versions: no change', async () => {
    expect(await changes(header('pipes'), header('pipes'))).toEqual([]);
  });
});
