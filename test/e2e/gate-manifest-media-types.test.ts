// A manifest use may name the media types it sends and reads in, as a pact's Content-Type does: without them, a
// provider that stops answering XML refused every manifest reader of the operation, JSON readers too (a wrong no),
// and one that stops taking the only type a consumer sends was judged by the rule's level alone.

import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { publishFolder } from './service-folder.js';

const FORM = 'application/x-www-form-urlencoded';
const user = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, email: { type: 'string' } } };
const content = (media: string[]) => Object.fromEntries(media.map((m) => [m, { schema: user }]));
const usersContract = (answers: string[], takes: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: content(answers) } },
      },
    },
    '/users': { post: { requestBody: { required: true, content: content(takes) }, responses: { '201': { description: 'made' } } } },
  },
});
const BOTH = ['application/json', 'application/xml'];
const reads = (media?: string, fields = '') =>
  `  users:\n    - operation: GET /users/{id}\n${fields}${media ? `      response_media_types: [${media}]\n` : ''}`;
const sends = (media: string) => `  users:\n    - operation: POST /users\n      request_media_types: [${media}]\n`;

const session = useRegistry({ name: 'gate-manifest-media', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

async function publishAndDeploy(service: string, version: string, consumes: string): Promise<void> {
  await publish(service, version, { consumes });
  const asked = await verdictOf(service, version);
  expect(asked.errors, service).toEqual([]);
  await deploy(service, version);
}

describe('a manifest use that names its media types', () => {
  it('is judged in the media types it reads responses in', async () => {
    await publish('users', '1.0.0', { contract: usersContract(BOTH, ['application/json']) });
    await deploy('users', '1.0.0');
    await publishAndDeploy('card', '1.0.0', reads('application/json'));
    await publishAndDeploy('ledger', '1.0.0', reads('application/xml'));
    await publishAndDeploy('plain', '1.0.0', reads());
    await publishAndDeploy('badge', '1.0.0', reads('application/json', '      response: [name]\n'));

    // 1.1.0 stops answering XML: the XML reader and the reader that names no type are broken, the JSON readers are not.
    await publish('users', '1.1.0', { contract: usersContract(['application/json'], ['application/json']) });
    const provider = await verdictOf('users', '1.1.0');
    expect(provider.code).toBe(1);
    expect(provider.errors.map((e) => [e.code, e.consumer])).toEqual([
      ['breaks-consumer', 'ledger'],
      ['breaks-consumer', 'plain'],
      ['field-missing', 'ledger'],
    ]);
    expect(provider.errors[2]!.message).toBe('GET /users/{id} of users returns no body in application/xml, which ledger reads');

    // Deployed all the same, it refuses a new XML reader and takes a new JSON reader.
    await deploy('users', '1.1.0');
    await publish('ledger', '1.1.0', { consumes: reads('application/xml') });
    const ledger = await verdictOf('ledger', '1.1.0');
    expect(ledger.code).toBe(1);
    expect(ledger.errors.map((e) => [e.code, e.message])).toEqual([
      ['field-missing', 'GET /users/{id} of users returns no body in application/xml, which ledger reads'],
    ]);
    await publish('card', '1.1.0', { consumes: reads('application/json') });
    expect(await verdictOf('card', '1.1.0')).toMatchObject({ code: 0, errors: [] });
  });

  it('is judged in the media types it sends its request body in', async () => {
    await publish('users', '2.0.0', { contract: usersContract(['application/json'], ['application/json', FORM]) });
    await deploy('users', '2.0.0');
    await publishAndDeploy('signup', '1.0.0', sends(FORM));
    await publishAndDeploy('web', '1.0.0', sends('application/json'));

    // 2.1.0 takes JSON only: the form sender is refused as the use it declares; the JSON sender is not.
    await publish('users', '2.1.0', { contract: usersContract(['application/json'], ['application/json']) });
    const provider = await verdictOf('users', '2.1.0');
    expect(provider.code).toBe(1);
    const signup = provider.errors.filter((e) => e.consumer === 'signup');
    expect(signup.map((e) => e.code)).toEqual(['breaks-consumer', 'request-field-rejected']);
    expect(signup.map((e) => e.message).join('\n')).toContain('no longer accepts');
    expect(signup[1]!.message).toBe(`POST /users of users takes no request body in ${FORM}, which signup sends`);
    expect(provider.errors.filter((e) => e.consumer === 'web')).toEqual([]);
  });

  it('is listed by overseer consumers, and a word that is no media type is refused at its line', async () => {
    const listed = await cli('consumers', '--service', 'users', '--environment', 'production');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`    POST /users (the whole operation; sent as ${FORM})`);
    expect(listed.stdout).toContain('    GET /users/{id} (response: name; read as application/json)');

    const bad = await publishFolder(cli, session.dir, 'typo', '1.0.0', { consumes: reads('json') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('overseer.yaml:6: consumes.users[0].response_media_types[0] must be a media type like "application/json"');
  });
});
