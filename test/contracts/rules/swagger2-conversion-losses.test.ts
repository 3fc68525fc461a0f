// What Swagger 2.0 says that its conversion to 3.0 dropped, so that no change to it was seen: a formData field's
// collectionFormat and allowEmptyValue, and an operation's own schemes. Read the way `overseer diff` reads 2.0 files;
// the user sees the rule id, the level and the words of the message asserted.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';

type Doc = Record<string, any>;
const ok = { '200': { description: 'ok' } };
const swagger = (paths: Doc, extra: Doc = {}): Doc => ({ swagger: '2.0', info: { title: 'pets', version: '1.0.0' }, paths, ...extra });
const FORM = ['application/x-www-form-urlencoded'];
const MULTIPART = ['multipart/form-data'];
/** `POST /pets` taking form fields `fields`, sent as `consumes`. */
const form = (fields: Doc[], consumes = FORM) => swagger({ '/pets': { post: { consumes, parameters: fields, responses: ok } } });
const tags = (extra: Doc = {}) => ({ name: 'tags', in: 'formData', type: 'array', items: { type: 'string' }, ...extra });
const note = (extra: Doc = {}) => ({ name: 'note', in: 'formData', type: 'string', ...extra });
const HOST = { host: 'api.example.com', basePath: '/v1', schemes: ['https', 'http'] };
/** `GET /pets` with its own `schemes` (none: the document's). */
const served = (schemes?: string[]) => swagger({ '/pets': { get: { ...(schemes ? { schemes } : {}), responses: ok } } }, HOST);

/** `DELETE /pets/{id}` answering 204 and 404 without a schema, producing `produces` (its own, or the document's with `root`). */
const bodiless = (
  produces: string[] | undefined,
  root?: string[],
  responses: Doc = { '204': { description: 'gone' }, '404': { description: 'no such pet' } },
) =>
  swagger(
    { '/pets/{id}': { delete: { ...(produces ? { produces } : {}), parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }], responses } } },
    root ? { produces: root } : {},
  );
const JSON_ONLY = ['application/json'];
const NOT_FOUND = 'responses 204, 404 (no schema, so no body)';

type Seen = [id: string, level: string, message: string];

async function seen(base: Doc, revision: Doc): Promise<Seen[]> {
  const diff = diffContracts(await parseContract(JSON.stringify(base), 'base.json'), await parseContract(JSON.stringify(revision), 'revision.json'));
  return diff.changes.map((c): Seen => [c.id, c.level, c.message]).sort();
}

const CASES: [string, Doc, Doc, Seen[]][] = [
  [
    'form field collectionFormat csv (the default) -> multi',
    form([tags()]),
    form([tags({ collectionFormat: 'multi' })]),
    [
      [
        'request-body-part-explode-changed',
        'breaking',
        'request body (application/x-www-form-urlencoded) part `tags`: collectionFormat changed from csv to multi',
      ],
    ],
  ],
  [
    'form field collectionFormat csv -> pipes',
    form([tags({ collectionFormat: 'csv' })]),
    form([tags({ collectionFormat: 'pipes' })]),
    [
      [
        'request-body-part-style-changed',
        'breaking',
        'request body (application/x-www-form-urlencoded) part `tags`: collectionFormat changed from csv to pipes',
      ],
    ],
  ],
  [
    'multipart field collectionFormat multi -> tsv',
    form([tags({ collectionFormat: 'multi' })], MULTIPART),
    form([tags({ collectionFormat: 'tsv' })], MULTIPART),
    [['request-body-part-style-changed', 'breaking', 'request body (multipart/form-data) part `tags`: collectionFormat changed from multi to tsv']],
  ],
  ['form field collectionFormat csv written out: the default', form([tags()]), form([tags({ collectionFormat: 'csv' })]), []],
  ['collectionFormat on a field of one plain value: nothing to split', form([note()]), form([note({ collectionFormat: 'multi' })]), []],
  [
    'form field allowEmptyValue dropped',
    form([note({ allowEmptyValue: true })]),
    form([note()]),
    [
      [
        'request-body-part-allow-empty-value-removed',
        'breaking',
        'request body (application/x-www-form-urlencoded) part `note`: no longer has allowEmptyValue',
      ],
    ],
  ],
  [
    'form field allowEmptyValue written',
    form([note()], MULTIPART),
    form([note({ allowEmptyValue: true })], MULTIPART),
    [['request-body-part-allow-empty-value-added', 'info', 'request body (multipart/form-data) part `note`: now has allowEmptyValue']],
  ],
  [
    'an operation served over https only, where the document says https and http',
    served(),
    served(['https']),
    [['api-server-removed', 'info', 'server http://api.example.com/v1 is no longer listed for GET /pets']],
  ],
  ['an operation naming the schemes the document names', served(), served(['https', 'http']), []],
  [
    'an operation that served over http only now takes the document schemes',
    served(['http']),
    served(),
    [['api-server-added', 'info', 'server https://api.example.com/v1 was added for GET /pets']],
  ],
  [
    'produces gains a type where no response has a schema',
    bodiless(JSON_ONLY),
    bodiless(['application/json', 'text/plain']),
    [['response-media-type-added', 'info', `${NOT_FOUND}: may now also be produced as text/plain (\`produces\`)`]],
  ],
  [
    "produces loses a type where no response has a schema (the document's produces)",
    bodiless(undefined, ['application/json', 'application/xml']),
    bodiless(undefined, JSON_ONLY),
    [
      [
        'response-media-type-removed',
        'breaking',
        `${NOT_FOUND}: no longer produced as application/xml (\`produces\`); a client that accepts only it may be refused (406)`,
      ],
    ],
  ],
  ['produces moves from the document to the operation, the same types', bodiless(undefined, JSON_ONLY), bodiless(JSON_ONLY), []],
  ['produces dropped: nothing said is no narrowing', bodiless(JSON_ONLY), bodiless(undefined), []],
  [
    'produces gains a type where a response has a schema: said once, by that response',
    bodiless(JSON_ONLY, undefined, { '200': { description: 'ok', schema: { type: 'string' } }, '404': { description: 'no' } }),
    bodiless(['application/json', 'text/plain'], undefined, { '200': { description: 'ok', schema: { type: 'string' } }, '404': { description: 'no' } }),
    [['response-media-type-added', 'info', 'response 200 now also returns text/plain']],
  ],
];

describe('Swagger 2.0 keywords the conversion to 3.0 used to drop', () => {
  it.each(CASES)('%s', async (_name, base, revision, expected) => {
    expect(await seen(base, revision)).toEqual([...expected].sort());
  });
});
