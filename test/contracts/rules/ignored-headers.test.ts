// OpenAPI 3.0 and 3.1 say a header parameter named Accept, Content-Type or Authorization SHALL be ignored (media types and
// security schemes describe them); Swagger 2.0 has no such sentence, so there they are ordinary headers. Read the way
// `overseer diff` reads the files, so the version each side was written in is the loader's, as a user's would be.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';

type Doc = Record<string, any>;
const ok = { '200': { description: 'ok' } };
const header = (name: string, extra: Doc = {}) => ({ name, in: 'header', ...extra });

/** `GET /pets` with `parameters`, written in OpenAPI `version` (3.x schemas under `schema`). */
const openapi = (version: string, parameters: Doc[]) => ({
  openapi: version,
  info: { title: 'pets', version: '1.0.0' },
  paths: { '/pets': { get: { parameters, responses: ok } } },
});
/** The same in Swagger 2.0, where a parameter's type sits on it. */
const swagger = (parameters: Doc[]) => ({
  swagger: '2.0',
  info: { title: 'pets', version: '1.0.0' },
  paths: { '/pets': { get: { parameters, responses: ok } } },
});
const s3 = (schema: Doc) => ({ schema });

async function seen(base: Doc, revision: Doc): Promise<string[]> {
  const diff = diffContracts(await parseContract(JSON.stringify(base), 'base.json'), await parseContract(JSON.stringify(revision), 'revision.json'));
  return diff.changes.map((c) => `${c.id} ${c.level}`).sort();
}

const CASES: [string, Doc, Doc, string[]][] = [
  [
    '3.0: a required Authorization header parameter added is ignored',
    openapi('3.0.3', []),
    openapi('3.0.3', [header('Authorization', { required: true, ...s3({ type: 'string' }) })]),
    [],
  ],
  [
    '3.1: an Accept header parameter narrowed to an enum is ignored',
    openapi('3.1.0', [header('Accept', s3({ type: 'string' }))]),
    openapi('3.1.0', [header('Accept', s3({ type: 'string', enum: ['application/json'] }))]),
    [],
  ],
  ['3.0: content-type in any case is ignored when removed', openapi('3.0.3', [header('content-type', s3({ type: 'string' }))]), openapi('3.0.3', []), []],
  [
    '3.0: another header beside them is still judged',
    openapi('3.0.3', [header('Authorization', s3({ type: 'string' }))]),
    openapi('3.0.3', [header('Authorization', s3({ type: 'string' })), header('X-Trace', { required: true, ...s3({ type: 'string' }) })]),
    ['new-required-request-parameter breaking'],
  ],
  [
    '2.0: a required Authorization header parameter added is an ordinary header',
    swagger([]),
    swagger([header('Authorization', { required: true, type: 'string' })]),
    ['new-required-request-parameter breaking'],
  ],
  [
    '2.0: an Accept header narrowed to an enum is judged',
    swagger([header('Accept', { type: 'string' })]),
    swagger([header('Accept', { type: 'string', enum: ['application/json'] })]),
    ['request-parameter-became-enum breaking'],
  ],
];

describe('header parameters the OpenAPI version says to ignore', () => {
  it.each(CASES)('%s', async (_name, base, revision, expected) => {
    expect(await seen(base, revision)).toEqual([...expected].sort());
  });
});
