// A provider whose POST /users took any `application/*` body now takes JSON only: the pact that posts JSON is not
// broken, the one that posts XML is. Before, the range's removal was counted against both (a wrong no for the JSON
// sender), as the gate read "no longer accepts application/*" without what the revision still accepts.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const user = { type: 'object', properties: { name: { type: 'string' } } };
const usersContract = (media: string) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: { '/users': { post: { requestBody: { content: { [media]: { schema: user } } }, responses: { '200': { description: 'ok' } } } } },
});
const pactOf = (consumer: string, contentType: string, body: unknown) => ({
  consumer: { name: consumer },
  provider: { name: 'users' },
  interactions: [
    { description: 'sign up', request: { method: 'POST', path: '/users', headers: { 'Content-Type': contentType }, body }, response: { status: 200 } },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
});
const PACTS = { web: pactOf('web', 'application/json', { name: 'Ada' }), ledger: pactOf('ledger', 'application/xml', '<user><name>Ada</name></user>') };

const session = useRegistry({
  name: 'pact-media-range',
  setup: [['environment', 'create', 'production']],
  before: async (s) => {
    for (const [name, pact] of Object.entries(PACTS)) await writeFile(join(s.dir, `${name}.json`), JSON.stringify(pact));
  },
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('a request media type range narrowed to JSON', () => {
  it('breaks the pact that posts XML and not the one that posts JSON', async () => {
    await publish('users', '1.0.0', { contract: usersContract('application/*') });
    await deploy('users', '1.0.0');
    for (const consumer of Object.keys(PACTS)) {
      const published = await cli('publish', '--pact', join(session.dir, `${consumer}.json`), '--version', '1.0.0');
      expect(published.code, published.stderr).toBe(0);
      expect((await verdictOf(consumer, '1.0.0')).errors, consumer).toEqual([]);
      await deploy(consumer, '1.0.0');
    }
    await publish('users', '2.0.0', { contract: usersContract('application/json') });
    const provider = await verdictOf('users', '2.0.0');
    expect(provider.code).toBe(1);
    const broken = provider.errors.filter((e) => e.code === 'breaks-consumer');
    expect(broken.map((e) => e.consumer)).toEqual(['ledger']);
    expect(broken[0]!.message).toContain('no longer accepts application/* types other than application/json');
  });
});
