// A use whose request body's media type is known (a Pact's Content-Type) is judged in the contract's media types that
// take it, ranges included: a change to another media type's body is not this consumer's to react to.
import { describe, expect, it } from 'vitest';
import { decideDeploy, declarePact, parseContract, parsePact } from '../../../contracts/index.js';
import type { OperationUsage } from '../../../contracts/model.js';
import { checkSatisfies } from '../../../contracts/satisfy.js';
import { acceptsMedia } from '../../../contracts/usage/media-types.js';

const ok = { '200': { description: 'ok' } };
const user = (required: string[]) => ({ type: 'object', required, properties: { name: { type: 'string' }, age: { type: 'integer' } } });
const load = (version: string, content: Record<string, object>) =>
  parseContract(
    JSON.stringify({ openapi: '3.0.3', info: { title: 'u', version }, paths: { '/users': { post: { requestBody: { content }, responses: ok } } } }),
    `users-${version}.json`,
  );

/** The gate's error codes for users 2 against one consumer whose use of POST /users is `usage`. */
async function refusals(before: Record<string, object>, after: Record<string, object>, usage: OperationUsage): Promise<string[]> {
  const [v1, v2] = [await load('1', before), await load('2', after)];
  const declarations = [{ consumer: 'web', provider: 'users', uses: [usage] }];
  const verdict = decideDeploy({
    service: 'users',
    version: '2',
    environment: 'production',
    candidate: { service: 'users', version: '2', contract: v2, declarations: [] },
    deployed: [
      { service: 'users', version: '1', contract: v1, declarations: [] },
      { service: 'web', version: '1', declarations },
    ],
  });
  return verdict.reasons.filter((r) => r.severity === 'error').map((r) => r.code);
}

describe('media types a consumer sends', () => {
  it('are taken by the same essence and by ranges, and by nothing else', () => {
    expect(acceptsMedia('application/json', 'Application/JSON; charset=utf-8')).toBe(true);
    expect(acceptsMedia('application/*', 'application/x-www-form-urlencoded')).toBe(true);
    expect(acceptsMedia('application/*+json', 'application/merge-patch+json')).toBe(true);
    expect(acceptsMedia('*/*', 'text/csv')).toBe(true);
    expect(acceptsMedia('application/json', 'application/x-www-form-urlencoded')).toBe(false);
    expect(acceptsMedia('text/*', 'application/json')).toBe(false);
  });

  it("count a new required field of another media type's body for nobody, and of its own for it", async () => {
    const form = 'application/x-www-form-urlencoded';
    const before = { 'application/json': { schema: user([]) }, [form]: { schema: user([]) } };
    const formNeedsAge = { 'application/json': { schema: user([]) }, [form]: { schema: user(['age']) } };
    const sendsJson = { operation: 'POST /users', request: ['name'], requestMediaTypes: ['application/json'] };
    expect(await refusals(before, formNeedsAge, sendsJson)).toEqual([]);
    expect(await refusals(before, formNeedsAge, { ...sendsJson, requestMediaTypes: [form] })).toEqual(['breaks-consumer', 'required-input-missing']);
    // Unknown (a manifest's use): every media type may be the one it sends.
    expect(await refusals(before, formNeedsAge, { operation: 'POST /users', request: ['name'] })).toEqual(['breaks-consumer']);
  });

  it("take a pact's body that names no Content-Type for any media type the contract takes", async () => {
    const contract = await load('1', { 'application/vnd.api+json': { schema: user([]) } });
    const interaction = { description: 'add', request: { method: 'POST', path: '/users', body: { name: 'Ada' } }, response: { status: 200 } };
    const pact = { consumer: { name: 'web' }, provider: { name: 'users' }, interactions: [interaction], metadata: { pactSpecification: { version: '3.0.0' } } };
    const { declaration } = declarePact(parsePact(JSON.stringify(pact), 'p.json'), [contract.doc], 'p.json');
    expect(declaration?.uses).toEqual([
      { operation: 'POST /users', params: [], request: ['name'], response: [], requestMediaTypes: ['*/*'], statuses: ['200'], line: 1 },
    ]);
    expect(checkSatisfies(contract, declaration!)).toEqual([]);
  });

  it("count a response media type's removal for a use that may read it, and not for one that reads no body", async () => {
    const answering = (media: string[]) =>
      parseContract(
        JSON.stringify({
          openapi: '3.0.3',
          info: { title: 'u', version: media.join() },
          paths: {
            '/users': { get: { responses: { '200': { description: 'ok', content: Object.fromEntries(media.map((m) => [m, { schema: user([]) }])) } } } },
          },
        }),
        `users-${media.length}.json`,
      );
    const [both, jsonOnly] = [await answering(['application/json', 'application/xml']), await answering(['application/json'])];
    const judge = (usage: OperationUsage) =>
      decideDeploy({
        service: 'users',
        version: '2',
        environment: 'production',
        candidate: { service: 'users', version: '2', contract: jsonOnly, declarations: [] },
        deployed: [
          { service: 'users', version: '1', contract: both, declarations: [] },
          { service: 'web', version: '1', declarations: [{ consumer: 'web', provider: 'users', uses: [usage] }] },
        ],
      }).decision;
    // A manifest naming only parameters says nothing of the body: it may read XML.
    expect(judge({ operation: 'GET /users', params: [] })).toBe('refused');
    expect(judge({ operation: 'GET /users', params: [], response: [] })).toBe('deployable');
    expect(judge({ operation: 'GET /users', response: ['name'], responseMediaTypes: ['application/json'] })).toBe('deployable');
    expect(judge({ operation: 'GET /users', response: ['name'], responseMediaTypes: ['application/xml'] })).toBe('refused');
  });
});
