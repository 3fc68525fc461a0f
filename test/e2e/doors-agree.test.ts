// The same question through every door: can users 2.0.0 go to production? can-i-deploy (the CLI), the dashboard's
// verdict page, the Slack messages (the refusal's, and the publication's), the GitHub Action's check and comment, and
// `diff --consumers` for what it can know offline, against one
// registry seeded with the awkward cases each door once judged apart: a consumer misspelling its provider, a service
// that calls itself, a waived removal, a caller seen only in traces, two live versions of one consumer, and a consumer
// misspelling the operation it calls (each door names the one it most likely meant).

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { traceExport } from '../helpers/otlp.js';
import { useActionDoor } from './action-door.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { diffUsers } from './users-contract.js';

const field = { type: 'string' };
const contract = (fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1.0.0' },
  paths: {
    '/users': { get: { operationId: 'listUsers', responses: { '200': { description: 'ok' } } } },
    '/users/{id}': {
      get: {
        operationId: 'getUser',
        parameters: [{ name: 'id', in: 'path', required: true, schema: field }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { type: 'object', additionalProperties: false, properties: Object.fromEntries(fields.map((f) => [f, field])) },
              },
            },
          },
        },
      },
    },
  },
});
const SELF = '  users:\n    - GET /users';
const WAIVERS =
  '- rule: response-optional-property-removed\n  operation: GET /users/{id}\n  consumer: web\n  field: email\n  reason: web stops showing the e-mail\n  expires: "2099-12-31"\n';

// The registry posts to a Slack faked on loopback: its address is known once the fake listens, before the registry starts.
let slack: FakeSlack;
const serveEnv: Record<string, string> = {};
beforeAll(async () => {
  slack = await startFakeSlack();
  slack.createChannels('#users');
  Object.assign(serveEnv, {
    OVERSEER_SLACK_TOKEN: 'xoxb-test-token',
    OVERSEER_SLACK_CHANNELS: '*',
    OVERSEER_SLACK_API_URL: slack.apiUrl,
    OVERSEER_NOTIFY_POLL_MS: '20',
  });
});
const session = useRegistry({ name: 'doors-agree', serveEnv, setup: [['environment', 'create', 'production']] });
const { publish, deploy } = gateStepsOf(session);
const door = useActionDoor(session);

beforeAll(async () => {
  await writeFile(join(session.dir, 'waivers.yaml'), WAIVERS);
  await publishUsers('1.0.0', ['id', 'name', 'email']);
  await deploy('users', '1.0.0');
  // Two live versions of web: 1.0.0 reads `email` (its removal is waived), 1.1.0, rolling out beside it, only `id`.
  await publish('web', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [email]' });
  await deploy('web', '1.0.0');
  await publish('web', '1.1.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [id]' });
  expect((await session.cli('record-deployment', '--service', 'web', '--version', '1.1.0', '--env', 'production', '--rolling')).code).toBe(0);
  // typo's manifest misspells users: the gate takes it as users' consumer all the same.
  await publish('typo', '1.0.0', { consumes: '  user:\n    - operation: GET /users/{id}\n      response: [name]' });
  await deploy('typo', '1.0.0');
  // mobile calls GET /user/{id}, which no version of users offers: refused for it, with the operation a typo away.
  await publish('mobile', '1.0.0', { consumes: '  users:\n    - GET /user/{id}' });
  await deploy('mobile', '1.0.0');
  // billing declares nothing of users, but is seen calling GET /users/{id} in traces.
  await publish('billing', '1.0.0', {});
  await deploy('billing', '1.0.0');
  const call = { consumer: 'billing', environment: 'production', provider: 'users', method: 'GET', url: 'https://users.internal/users/7' };
  for (let tries = 0; ; tries++) {
    const posted = await fetch(`${session.registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([call])),
    });
    const answer = (await posted.json()) as { partialSuccess: { rejectedSpans?: number } };
    if (!answer.partialSuccess.rejectedSpans) break;
    if (tries > 100) throw new Error('the registry did not take the span');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // 2.0.0 drops `name` (typo reads it, billing calls its operation) and `email` (waived for web); it still offers GET /users.
  await publishUsers('2.0.0', ['id'], '--waivers', join(session.dir, 'waivers.yaml'));
}, 120_000);
// As publishFolder writes a service, with a Slack channel: users' channel hears of a refused can-i-deploy (gate.refused).
async function publishUsers(version: string, fields: string[], ...more: string[]): Promise<void> {
  const folder = join(session.dir, `users-${version}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'openapi.json'), JSON.stringify(contract(fields)));
  await writeFile(join(folder, 'overseer.yaml'), `service: users\nowners: ["@acme/team"]\nslack: "#users"\nprovides: ./openapi.json\nconsumes:\n${SELF}\n`);
  const done = await session.cli('publish', '--manifest', join(folder, 'overseer.yaml'), '--version', version, ...more);
  expect(done.code, done.stderr).toBe(0);
}

afterAll(async () => {
  await slack?.close();
});

/** The names a Slack message lists (`billing, mobile and typo`) where `pattern`'s group is, sorted. */
const namedIn = (pattern: RegExp, text = '') => names(pattern.exec(text)?.[1]?.split(/, | and /) ?? []);
/** Who each door says is broken: consumer names, sorted. */
const names = (list: (string | undefined)[]) => [...new Set(list)].filter((n): n is string => n !== undefined).sort();

describe('users 2.0.0 to production, asked through every door', () => {
  it('gets one answer: refused for typo, mobile and billing, web waived, users calling itself no obstacle', async () => {
    // can-i-deploy, as JSON and as text.
    const json = await session.cli('can-i-deploy', '--service', 'users', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(json.code, json.stdout).toBe(1);
    const verdict = JSON.parse(json.stdout) as {
      reasons: { code: string; severity: string; consumer?: string; message: string }[];
      waived: { consumer: string }[];
    };
    const blocking = verdict.reasons.filter((r) => r.severity === 'error');
    expect(names(blocking.map((r) => r.consumer))).toEqual(['billing', 'mobile', 'typo']);
    const meant = 'users does not offer GET /user/{id}, which mobile uses: did you mean GET /users/{id}?';
    expect(blocking.find((r) => r.consumer === 'mobile')?.message).toContain(meant);
    expect(names(verdict.waived.map((w) => w.consumer))).toEqual(['web']);
    const text = await session.cli('can-i-deploy', '--service', 'users', '--version', '2.0.0', '--to', 'production');
    // typo's field-missing repeats the removal that breaks it: every door folds it into one reason.
    expect(text.stdout.split('\n')[0]).toBe('NOT DEPLOYABLE: users 2.0.0 to production (3 blocking reasons, 1 change waived)');
    expect(text.stdout).toContain(meant);

    // The dashboard's page of that verdict: the same decision, the same count.
    const listed = (await (await fetch(`${session.registry.url}/v1/verdicts?environment=production`)).json()) as {
      verdicts: { id: number; version: string }[];
    };
    const recorded = listed.verdicts.find((v) => v.version === '2.0.0')!;
    const page = await (await fetch(`${session.registry.url}/verdicts/${recorded.id}`)).text();
    expect(page).toContain('The gate refused this deploy for 3 reasons.');
    expect(page).toContain('<h2 id="reasons">Reasons (3)</h2>');
    expect(page).toContain(meant);

    // Slack: the message of the refusal in users' channel names the same consumers.
    const posts = await slack.waitForPosts(2);
    const refusal = posts.find((p) => p.text?.startsWith('can-i-deploy said no: users 2.0.0 to production'));
    const sections = (refusal?.blocks ?? []).filter((b) => b.type === 'section').map((b) => String(b.text?.text));
    const broken = sections.map((text) => /^\*([\w-]+)\* 1\.0\.0 uses \*users\*/.exec(text)?.[1]);
    expect(names(broken)).toEqual(['billing', 'mobile', 'typo']);
    expect(sections.find((text) => text.startsWith('*mobile*'))).toContain(meant);
    // typo's one loss is one line, as the CLI and the page count it.
    expect(
      sections
        .find((text) => text.startsWith('*typo*'))!
        .split('\n')
        .filter((line) => line.startsWith('• ')),
    ).toHaveLength(1);
    // The publication's message judged production as the gate does: typo, taken as users' consumer, is broken there too.
    // And billing, seen calling GET /users/{id} in traces, as the refusal counted it.
    const published = posts.find((p) => p.text?.startsWith('users 2.0.0 would break'));
    expect(namedIn(/^users 2\.0\.0 would break (.+?) http/, published?.text)).toEqual(['billing', 'mobile', 'typo']);

    // The Action on the pull request that makes 2.0.0 of 1.0.0, with the same waivers file and users' own manifest.
    const read = (name: string) => import('node:fs/promises').then((fs) => fs.readFile(join(session.dir, name), 'utf8'));
    const pull = {
      number: 7,
      base: await read('users-1.0.0/openapi.json'),
      revision: await read('users-2.0.0/openapi.json'),
      manifest: await read('users-2.0.0/overseer.yaml'),
      files: { 'waivers.yaml': WAIVERS },
    };
    const action = await door.run(pull, { waivers: 'waivers.yaml' });
    expect(action.code, action.stdout).toBe(1);
    expect(action.outputs).toMatchObject({ verdict: 'blocked', blocking: '3' });
    // A caller seen in traces and a consumer misspelling users are annotated on a file too: the title follows it.
    const errors = [...action.stdout.matchAll(/^::error (?:[^:\n]*,)?title=([\w-]+)%3A/gm)].map((m) => m[1]);
    expect(names(errors)).toEqual(['billing', 'mobile', 'typo']);
    expect(action.stdout).toContain(meant);
    expect(action.comment).toContain(meant);
    expect(action.summary).toMatch(/web 1\.0\.0.*waived|waived.*web/s);

    // diff --consumers knows no registry (nor traces, nor which names are services): it judges the manifests it is
    // given (both live versions of web, and users' own), as the gate does: web 1.0.0's removal waived, 1.1.0 reading
    // only `id`, users' call of itself answered by 2.0.0.
    const offline = await diffUsers(
      session,
      '--consumers',
      join(session.dir, 'web-1.0.0', 'overseer.yaml'),
      join(session.dir, 'web-1.1.0', 'overseer.yaml'),
      join(session.dir, 'users-2.0.0', 'overseer.yaml'),
      '--waivers',
      join(session.dir, 'waivers.yaml'),
    );
    expect(offline.code, offline.stdout + offline.stderr).toBe(0);
    expect(offline.stdout).toContain(
      'What blocks, by consumer\n  Nothing: 1 change that breaks web is waived.\n  ~ waived for web: GET /users/{id}: response property `email` was removed',
    );

    // Deployed all the same (record-deployment records, it does not gate): the deployment's message names the same two.
    const before = posts.length;
    await deploy('users', '2.0.0');
    const deployedPosts = await slack.waitForPosts(before + 1);
    const deployment = deployedPosts.find((p) => p.text?.startsWith('users 2.0.0 was deployed to production'));
    expect(namedIn(/^users 2\.0\.0 was deployed to production and breaks (.+?)(?: http|:|$)/, deployment?.text)).toEqual(['billing', 'mobile', 'typo']);
  });
});
