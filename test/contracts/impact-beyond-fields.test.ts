// findImpact on findings that name no field a consumer lists: a scope the operation requires, a multipart part's header.
// Who is judged by them follows from what the consumer calls and sends, not from its field lists.
import { describe, expect, it } from 'vitest';
import { findImpact } from '../../contracts/impact.js';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import type { Declaration } from '../../contracts/model.js';
import { diffDocs, revise } from '../fixtures/impact/users-api.js';

const getUser = (doc: OpenApiDocument) => doc.paths['/users/{id}'].get;

describe('findImpact, beyond field lists', () => {
  it('breaks the consumers of an operation still requiring an OAuth scope its flow no longer declares, and no other', async () => {
    const oauth = (scopes: Record<string, string>) => ({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://a/token', scopes } } });
    const base = revise((d) => {
      d.components.securitySchemes = { oauth: oauth({ read: 'r', write: 'w' }) };
      getUser(d).security = [{ oauth: ['write'] }];
    });
    const diff = await diffDocs(
      base,
      revise((d) => (d.components.securitySchemes.oauth = oauth({ read: 'r' })), base),
    );
    const declarations: Declaration[] = [
      { consumer: 'web', provider: 'users-service', uses: [{ operation: 'GET /users/{id}', response: ['id'] }] },
      { consumer: 'cleaner', provider: 'users-service', uses: [{ operation: 'DELETE /users/{id}' }] },
    ];
    const { consumersOf, warnedOf } = findImpact(diff, declarations);
    expect(diff.changes.map((c) => [c.id, c.operation, consumersOf.get(c)])).toEqual([
      ['api-security-required-scope-removed-from-flow', 'GET /users/{id}', ['web']],
      ['api-security-component-oauth-scope-removed', undefined, []],
    ]);
    // The scope's warning blocks no one, but names who calls an operation requiring the scheme, through that operation.
    expect(diff.changes.map((c) => warnedOf.get(c))).toEqual([undefined, { web: ['GET /users/{id}'] }]);
  });

  it("breaks a consumer that sends a multipart body with a part header's schema narrowed, not one that only reads", async () => {
    const upload = (kind: Record<string, unknown>) => (d: OpenApiDocument) => {
      const schema = { type: 'object', properties: { file: { type: 'string', format: 'binary' } } };
      const encoding = { file: { headers: { 'X-Kind': { schema: kind } } } };
      d.paths['/uploads'] = {
        post: { requestBody: { content: { 'multipart/form-data': { schema, encoding } } }, responses: { '200': { description: 'ok' } } },
      };
    };
    const diff = await diffDocs(revise(upload({ type: 'string' })), revise(upload({ type: 'integer' })));
    const declarations: Declaration[] = [
      { consumer: 'sender', provider: 'users-service', uses: [{ operation: 'POST /uploads', request: ['file'] }] },
      { consumer: 'reader', provider: 'users-service', uses: [{ operation: 'POST /uploads', response: [] }] },
    ];
    const { consumersOf } = findImpact(diff, declarations);
    expect(diff.changes.map((c) => [c.id, c.operation, consumersOf.get(c)])).toEqual([['request-parameter-type-changed', 'POST /uploads', ['sender']]]);
  });
});
