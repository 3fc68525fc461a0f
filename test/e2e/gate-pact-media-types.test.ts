// A pact says the Content-Type its request body goes in. A provider moving POST /users to JSON only breaks the consumer
// that posts a form and not the one that posts JSON; the form's fields are fields it sends, not "no body". Before,
// the JSON sender was refused along with the form sender (a wrong no), and the form sender was refused for a body it
// "does not send", even against the provider that takes its form (a wrong no, whose waiver would then be a wrong yes).

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok' } };
const user = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, email: { type: 'string' } } };
const usersContract = (media: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: { '/users': { post: { requestBody: { required: true, content: Object.fromEntries(media.map((m) => [m, { schema: user }])) }, responses: ok } } },
});
const FORM = 'application/x-www-form-urlencoded';

const pactOf = (consumer: string, request: object, specification = '3.0.0', response: object = {}) => ({
  consumer: { name: consumer },
  provider: { name: 'users' },
  interactions: [{ description: 'sign up', request: { method: 'POST', path: '/users', ...request }, response: { status: 200, ...response } }],
  metadata: { pactSpecification: { version: specification } },
});
// Readers of POST /users's answer, one in JSON and one in XML: a provider that stops answering XML breaks only the second.
const answer = (media: string[]) => ({ '200': { description: 'ok', content: Object.fromEntries(media.map((m) => [m, { schema: user }])) } });
const readerOf = (consumer: string, media: string, body: unknown) =>
  pactOf(consumer, { headers: { 'Content-Type': 'application/json' }, body: { name: 'Ada' } }, '3.0.0', { headers: { 'Content-Type': media }, body });
const PACTS = {
  'signup.json': pactOf('signup', { headers: { 'Content-Type': FORM }, body: 'name=Ada&email=ada%40example.com' }),
  'web.json': pactOf('web', { headers: { 'content-type': 'application/json; charset=utf-8' }, body: { name: 'Ada' } }),
  'kiosk.json': pactOf('kiosk', { body: { content: 'name=Ada', contentType: FORM, encoded: false } }, '4.0'),
  'card.json': readerOf('card', 'application/json', { name: 'Ada' }),
  'ledger.json': readerOf('ledger', 'application/xml', '<user><name>Ada</name></user>'),
};

const session = useRegistry({
  name: 'gate-pact-media',
  setup: [['environment', 'create', 'production']],
  before: async (s) => {
    for (const [file, pact] of Object.entries(PACTS)) await writeFile(join(s.dir, file), JSON.stringify(pact));
  },
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

async function publishPact(file: string, version: string): Promise<void> {
  const published = await cli('publish', '--pact', join(session.dir, file), '--version', version);
  expect(published.code, published.stderr).toBe(0);
}

describe('a pact that says which media type its request body goes in', () => {
  it('is judged in that media type, as a consumer and as the provider changes', async () => {
    await publish('users', '1.0.0', { contract: usersContract(['application/json', FORM]) });
    await deploy('users', '1.0.0');
    for (const [file, consumer] of [
      ['signup.json', 'signup'],
      ['web.json', 'web'],
      ['kiosk.json', 'kiosk'],
    ] as const) {
      await publishPact(file, '1.0.0');
      const asked = await verdictOf(consumer, '1.0.0');
      expect(asked.errors, consumer).toEqual([]);
      expect(asked.code).toBe(0);
      await deploy(consumer, '1.0.0');
    }

    // 2.0.0 takes JSON only: the two form senders are broken, the JSON sender is not.
    await publish('users', '2.0.0', { contract: usersContract(['application/json']) });
    const provider = await verdictOf('users', '2.0.0');
    expect(provider.code).toBe(1);
    expect(provider.errors.map((e) => [e.code, e.consumer])).toEqual([
      ['breaks-consumer', 'kiosk'],
      ['breaks-consumer', 'signup'],
      ['request-field-rejected', 'kiosk'],
      ['request-field-rejected', 'signup'],
    ]);
    expect(provider.errors[3]!.message).toBe(`POST /users of users takes no request body in ${FORM}, which signup sends`);

    // Deployed all the same, 2.0.0 refuses a new version of the form sender, and not one of the JSON sender.
    await deploy('users', '2.0.0');
    await publishPact('signup.json', '1.1.0');
    const signup = await verdictOf('signup', '1.1.0');
    expect(signup.code).toBe(1);
    expect(signup.errors.map((e) => e.message)).toEqual([`POST /users of users takes no request body in ${FORM}, which signup sends`]);
    await publishPact('web.json', '1.1.0');
    expect(await verdictOf('web', '1.1.0')).toMatchObject({ code: 0, errors: [] });
  });

  it('reads the response in the media type the pact says it comes in', async () => {
    const withAnswers = (media: string[]) => {
      const contract = usersContract(['application/json']);
      return { ...contract, paths: { '/users': { post: { ...contract.paths['/users'].post, responses: answer(media) } } } };
    };
    await publish('users', '3.0.0', { contract: withAnswers(['application/json', 'application/xml']) });
    await deploy('users', '3.0.0');
    for (const consumer of ['card', 'ledger']) {
      await publishPact(`${consumer}.json`, '1.0.0');
      expect((await verdictOf(consumer, '1.0.0')).errors, consumer).toEqual([]);
      await deploy(consumer, '1.0.0');
    }
    // 3.1.0 stops answering XML: the XML reader is broken; the JSON reader is not, nor are the pacts reading no body.
    await publish('users', '3.1.0', { contract: withAnswers(['application/json']) });
    const provider = await verdictOf('users', '3.1.0');
    expect(provider.code).toBe(1);
    const broken = provider.errors.filter((e) => e.code === 'breaks-consumer');
    expect(broken.map((e) => e.consumer)).toEqual(['ledger']);
    expect(broken[0]!.message).toContain('no longer returns application/xml');

    // The listing names what each pact sends and reads, and no list the pact left empty (it read "params: ; ").
    const listed = await cli('consumers', '--service', 'users', '--environment', 'production');
    expect(listed.stdout).toContain('  ledger 1.0.0\n    POST /users (request: name; sent as application/json; read as application/xml)\n');
    expect(listed.stdout).not.toContain('params: ;');
  });
});
