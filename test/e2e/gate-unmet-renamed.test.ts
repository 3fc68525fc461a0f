// A use the provider's live version already fails is said "already unmet" by it. The two contracts word the same miss
// each in their own terms (the operation as each names its path parameter): a provider that renamed `{id}` to `{userId}`
// was refused as if it had taken the field away itself. Against a registry in the test's process.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const session = useRegistry({ name: 'gate-unmet-renamed', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

const users = (parameter: string) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    [`/users/{${parameter}}`]: {
      get: {
        parameters: [{ name: parameter, in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
      },
    },
  },
});

describe('a use the live provider already fails, its path parameter renamed by the candidate', () => {
  it('is said already unmet by the deployed version', async () => {
    await publish('users', '1.0.0', { contract: users('id') });
    await deploy('users', '1.0.0');
    await publish('web', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [id, nickname]' });
    await deploy('web', '1.0.0');
    await publish('users', '1.1.0', { contract: users('userId') });
    const refused = await verdictOf('users', '1.1.0');
    expect(refused.code).toBe(1);
    expect(refused.errors).toEqual([
      expect.objectContaining({
        code: 'field-missing',
        consumer: 'web',
        message: expect.stringContaining('does not return `nickname`, which web reads; already unmet by the deployed version 1.0.0: not caused by this change'),
      }),
    ]);
  });
});
