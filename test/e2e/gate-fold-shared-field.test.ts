// The gate states a consumer's loss twice (the change that breaks it, and `field-missing`), and every door folds the
// repeat. A change in a shared schema (Address.city removed) is filed under the first operation reaching it; the fold
// used to look for any tail of its path no shorter than the path in that schema (`city`), so web's `billing.city` of
// GET /orders/{id}, a field of another schema never returned, read as the same loss and was hidden. Waivers read the
// field through the diff (policy/field-reading.ts: from GET /orders/{id} the change is `shipping.city`); so does the fold.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = (schema: object) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
const shop = (city: boolean) => ({
  openapi: '3.0.3',
  info: { title: 'shop', version: '1' },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: ok({
          type: 'object',
          properties: { address: { $ref: '#/components/schemas/Address' }, profile: { type: 'object', properties: { bio: { type: 'string' } } } },
        }),
      },
    },
    '/orders/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: ok({
          type: 'object',
          properties: { shipping: { $ref: '#/components/schemas/Address' }, billing: { type: 'object', properties: { zip: { type: 'string' } } } },
        }),
      },
    },
  },
  components: { schemas: { Address: { type: 'object', properties: { zip: { type: 'string' }, ...(city && { city: { type: 'string' } }) } } } },
});
const WEB_USES = [
  '  shop:',
  '    - operation: GET /users/{id}',
  '      response: [address.city, profile.city]',
  '    - operation: GET /orders/{id}',
  '      response: [shipping.city, billing.city]',
].join('\n');

const session = useRegistry({ name: 'gate-fold-shared-field', setup: [['environment', 'create', 'production']] });
const { publish, deploy } = gateStepsOf(session);

describe('can-i-deploy, a shared schema field removed and another field of the same name never returned', () => {
  it('folds the loss the removal states, and keeps the second loss it does not', async () => {
    await publish('shop', '1.0.0', { contract: shop(true) });
    await deploy('shop', '1.0.0');
    await publish('web', '1.0.0', { consumes: WEB_USES });
    await deploy('web', '1.0.0');
    await publish('shop', '2.0.0', { contract: shop(false) });

    const asked = await session.cli('can-i-deploy', '--service', 'shop', '--version', '2.0.0', '--to', 'production');
    expect(asked.code).toBe(1);
    // The removal is said once, and shipping.city (the same field, read through GET /orders/{id}) is not said again.
    expect(asked.stdout).toContain('would break web 1.0.0');
    expect(asked.stdout).not.toMatch(/does not return `shipping\.city`/);
    // billing.city is another schema's field, never returned: a second loss, still said.
    expect(asked.stdout).toMatch(/GET \/orders\/\{id\} of shop does not return `billing\.city`, which web reads/);
    // From the other operation reaching Address, the same: address.city is the removal's, profile.city a second loss.
    expect(asked.stdout).not.toMatch(/does not return `address\.city`/);
    expect(asked.stdout).toMatch(/GET \/users\/\{id\} of shop does not return `profile\.city`, which web reads/);
  });
});
