// Pacts as Pact libraries write them. Pact names its pacticipants as their teams type them (`Users-Service`), while
// the registry names services in kebab-case: a name that is a registry name once lower-cased means that service, as a
// span's `service.name` does; one that is none (`Users Service`) stops the command with the file, the name and the
// rule, never with the registry's "params/name must be a kebab-case name" for a request the user never wrote. A v4
// body may be written base64-encoded (`"encoded": "base64"`): its fields are read all the same, or the gate would let
// a provider drop a field the consumer's test reads. Through the CLI.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const users = (...fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } },
          },
        },
      },
    },
  },
});
const pactOf = (consumer: string, provider: string) => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [
    {
      description: 'a user with an e-mail address',
      providerState: 'user 1 exists',
      request: { method: 'GET', path: '/users/1' },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: '1', email: 'ada@example.com' } },
    },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

const session = useRegistry({ name: 'hunt-pact-names', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);
const writePact = async (name: string, pact: object) => {
  const file = join(session.dir, name);
  await writeFile(file, JSON.stringify(pact));
  return file;
};

describe('pacts as Pact libraries write them', () => {
  it('publishes the consumer under its registry name, judged against the provider it names', async () => {
    await publish('users-service', '1.0.0', { contract: users('id', 'email') });
    await publish('users-service', '2.0.0', { contract: users('id') });
    await deploy('users-service', '1.0.0');
    await publish('signup-web', '1.0.0', {});

    const file = await writePact('signup.json', pactOf('Signup-Web', 'Users-Service'));
    const published = await session.cli('publish', '--pact', file, '--version', '1.1.0');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('published: signup-web 1.1.0');
    await deploy('signup-web', '1.1.0');

    const consumers = JSON.parse((await session.cli('consumers', '--service', 'users-service', '--format', 'json')).stdout).consumers;
    expect(consumers.map((c: { consumer: string }) => c.consumer)).toEqual(['signup-web']);
    const asked = await verdictOf('users-service', '2.0.0');
    expect(asked.code).toBe(1);
    expect(asked.errors[0]).toMatchObject({ code: 'breaks-consumer', consumer: 'signup-web' });
  });

  it('reads a name written in camel case as its words (ProfileWeb is profile-web), unless the registry knows it run together', async () => {
    const file = await writePact('camel.json', pactOf('ProfileWeb', 'UsersService'));
    const published = await session.cli('publish', '--pact', file, '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('published: profile-web 1.0.0');
    expect(published.stdout).not.toContain('has no contract');
    const consumers = JSON.parse((await session.cli('consumers', '--service', 'users-service', '--format', 'json')).stdout).consumers;
    expect(consumers.map((c: { consumer: string }) => c.consumer)).toContain('profile-web');

    // A service registered as one word (paygate, no pay-gate) is the one its pacts name, as before.
    await publish('paygate', '1.0.0', { contract: users('id') });
    const joined = await session.cli('publish', '--pact', await writePact('joined.json', pactOf('Billing', 'PayGate')), '--version', '1.0.0');
    expect(joined.code, joined.stderr).toBe(0);
    const declared = JSON.parse((await session.cli('consumers', '--service', 'paygate', '--format', 'json')).stdout).consumers;
    expect(declared.map((c: { consumer: string }) => c.consumer)).toEqual(['billing']);
  });

  it('stops at a name that is no registry name in any case, naming the file, the name and the rule', async () => {
    const file = await writePact('spaced.json', pactOf('Signup Web', 'users-service'));
    for (const command of [
      ['publish', '--pact', file, '--version', '1.2.0'],
      ['check', '--pact', file, '--against', 'production'],
    ]) {
      const done = await session.cli(...command);
      expect(done.code, done.stdout).toBe(2);
      expect(done.stderr).toContain('error ERR_PACT_INVALID:');
      expect(done.stderr).toContain(`${file}: the pact's consumer.name "Signup Web" is no service name`);
      expect(done.stderr).toContain('signup-web');
      expect(done.stderr).not.toContain('params/name');
    }
  });

  it('reads the fields of a v4 body written base64-encoded, so that dropping one the consumer reads is refused', async () => {
    const body = Buffer.from(JSON.stringify({ id: '1', email: 'ada@example.com' })).toString('base64');
    const pact = {
      consumer: { name: 'mailer' },
      provider: { name: 'users-service' },
      interactions: [
        {
          type: 'Synchronous/HTTP',
          description: 'a user with an e-mail address',
          request: { method: 'GET', path: '/users/1' },
          response: { status: 200, body: { content: body, contentType: 'application/json', encoded: 'base64' } },
        },
      ],
      metadata: { pactSpecification: { version: '4.0' } },
    };
    const published = await session.cli('publish', '--pact', await writePact('mailer.json', pact), '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
    await deploy('mailer', '1.0.0');
    const listed = await session.cli('consumers', '--service', 'users-service', '--environment', 'production');
    expect(listed.stdout).toContain('mailer 1.0.0\n    GET /users/{id} (response: id, email; read as application/json)');
    const asked = await verdictOf('users-service', '2.0.0');
    expect(asked.errors.map((r) => r.consumer)).toContain('mailer');
  });
});
