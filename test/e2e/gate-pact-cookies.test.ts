// A pact's request sends the cookie an operation requires (`Cookie: session=...`): the gate must count the cookie
// parameter as sent, as it does a header parameter, and not refuse the consumer with required-input-missing. A pact
// that sends other cookies only is still refused, and a cookie the contract does not list is not judged.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const cartContract = {
  openapi: '3.0.3',
  info: { title: 'cart', version: '1' },
  paths: {
    '/carts/{id}': {
      get: {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'session', in: 'cookie', required: true, schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
};

const pactSending = (consumer: string, headers: Record<string, string | string[]>) => ({
  consumer: { name: consumer },
  provider: { name: 'cart' },
  interactions: [{ description: 'cart 1', request: { method: 'GET', path: '/carts/1', headers }, response: { status: 200 } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
});

const session = useRegistry({
  name: 'gate-pact-cookies',
  setup: [['environment', 'create', 'production']],
  before: async (s) => {
    await writeFile(join(s.dir, 'shop.json'), JSON.stringify(pactSending('shop', { cookie: 'theme=dark; session=abc123' })));
    // Pact v4 may write a header's values as a list.
    await writeFile(join(s.dir, 'kiosk.json'), JSON.stringify(pactSending('kiosk', { Cookie: ['session=abc123'] })));
    await writeFile(join(s.dir, 'till.json'), JSON.stringify(pactSending('till', { Cookie: 'theme=dark' })));
  },
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('cookies a pact sends', () => {
  it('count as the cookie parameters they name; a pact without the required one is refused', async () => {
    await publish('cart', '1.0.0', { contract: cartContract });
    await deploy('cart', '1.0.0');
    for (const consumer of ['shop', 'kiosk', 'till']) {
      const published = await cli('publish', '--pact', join(session.dir, `${consumer}.json`), '--version', '1.0.0');
      expect(published.code, published.stderr).toBe(0);
    }
    expect(await verdictOf('shop', '1.0.0')).toMatchObject({ code: 0, errors: [] });
    expect(await verdictOf('kiosk', '1.0.0')).toMatchObject({ code: 0, errors: [] });
    const till = await verdictOf('till', '1.0.0');
    expect(till.code).toBe(1);
    expect(till.errors).toEqual([expect.objectContaining({ code: 'required-input-missing', consumer: 'till' })]);
    expect(till.errors[0].message).toContain('requires the cookie parameter `session`, which till does not send');
  });
});
