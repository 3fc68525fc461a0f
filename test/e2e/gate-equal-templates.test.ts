// Two path templates that fit a consumer's call with as many literal segments (`/users/{id}/posts` and
// `/{kind}/me/posts` for `GET /users/me/posts`): the one written first in the contract won, so the same call was judged
// against one operation or the other by the order an author happened to list them, and a change to the operation it
// calls could pass. Now OpenAPI's "concrete before templated" is read from the left: `/users/{id}/posts` wins, in any order.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const posts = (fields: string[]) => ({
  responses: {
    '200': {
      description: 'ok',
      content: {
        'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } },
      },
    },
  },
});
const param = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const byKind = { parameters: [param('kind')], get: posts(['title', 'body']) };
const byUser = (fields: string[]) => ({ parameters: [param('id')], get: posts(fields) });

/** The contract with `/{kind}/me/posts` written first or last; version 2 stops returning `title` from `/users/{id}/posts`. */
function contract(kindFirst: boolean, version: 1 | 2) {
  const user = byUser(version === 1 ? ['title', 'body'] : ['body']);
  const paths = kindFirst ? { '/{kind}/me/posts': byKind, '/users/{id}/posts': user } : { '/users/{id}/posts': user, '/{kind}/me/posts': byKind };
  return { openapi: '3.0.3', info: { title: 'posts', version: `${version}.0.0` }, paths };
}

const session = useRegistry({ name: 'gate-equal-templates', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a call two templates fit with as many literals', () => {
  it.each([
    ['written first', 'posts-a', true],
    ['written last', 'posts-b', false],
  ])('is judged against /users/{id}/posts whether /{kind}/me/posts is %s', async (_order, provider, kindFirst) => {
    await publish(provider, '1.0.0', { contract: contract(kindFirst, 1) });
    await deploy(provider, '1.0.0');
    await publish(`reader-of-${provider}`, '1.0.0', { consumes: `  ${provider}:\n    - operation: GET /users/me/posts\n      response: [title]` });
    await deploy(`reader-of-${provider}`, '1.0.0');
    await publish(provider, '2.0.0', { contract: contract(kindFirst, 2) });
    const asked = await verdictOf(provider, '2.0.0');
    expect(asked.code).toBe(1);
    expect(asked.errors.map((r) => [r.code, r.consumer])).toContainEqual(['breaks-consumer', `reader-of-${provider}`]);
    expect(asked.errors.every((r) => r.operation === undefined || r.operation === 'GET /users/{id}/posts')).toBe(true);
  });
});
