// `overseer environment show NAME`: what is live in an environment, as the API and the dashboard list it; no command
// said it before, so a user asked the dashboard or wrote the HTTP call by hand.

import { describe, expect, it } from 'vitest';
import type { RegistryDeployment } from '../../contracts/index.js';
import { useRegistry } from '../e2e/registry-session.js';
import { publishFolder } from '../e2e/service-folder.js';

const ok = { responses: { '200': { description: 'ok' } } };
const users = { openapi: '3.0.3', info: { title: 'users', version: '1' }, paths: { '/users': { get: ok } } };

const session = useRegistry({
  name: 'environment-show',
  setup: [
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
  ],
});
const cli = (...args: string[]) => session.cli(...args);

/** `12:34` of a recorded time, as the text prints it. */
const minuteOf = (d: RegistryDeployment) => `${d.deployedAt.slice(0, 10)} ${d.deployedAt.slice(11, 16)} UTC`;

describe('overseer environment show', () => {
  it('lists every live version of each service there, how it is live and since when, in text and JSON', async () => {
    for (const [service, version] of [
      ['users-service', '1.0.0'],
      ['users-service', '1.1.0'],
      ['mobile-app', '4.1.0'],
    ] as const) {
      expect((await publishFolder(cli, session.dir, service, version, service === 'users-service' ? { contract: users } : {})).code).toBe(0);
    }
    const record = async (...args: string[]) => expect((await cli(...args, '--env', 'production')).code).toBe(0);
    await record('record-deployment', '--service', 'users-service', '--version', '1.0.0');
    await record('record-deployment', '--service', 'users-service', '--version', '1.1.0', '--rolling');
    await record('record-release', '--service', 'mobile-app', '--version', '4.1.0');

    const json = await cli('environment', 'show', 'production', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const listed = JSON.parse(json.stdout) as { environment: string; deployments: RegistryDeployment[] };
    expect(listed.environment).toBe('production');
    expect(listed.deployments.map((d) => [d.service, d.version, d.live, d.replacedAt])).toEqual([
      ['mobile-app', '4.1.0', 'released', null],
      ['users-service', '1.0.0', 'deployed', null],
      ['users-service', '1.1.0', 'rolling', null],
    ]);
    const [mobile, old, rolling] = listed.deployments as [RegistryDeployment, RegistryDeployment, RegistryDeployment];

    const text = await cli('environment', 'show', 'production');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe(
      [
        'Live in production (2 services, 3 versions):',
        `  mobile-app 4.1.0     released since ${minuteOf(mobile)}`,
        `  users-service 1.0.0  deployed since ${minuteOf(old)}`,
        `  users-service 1.1.0  rolling since ${minuteOf(rolling)}`,
        '',
      ].join('\n'),
    );
  }, 90_000);

  it('says what to do in an environment where nothing runs yet', async () => {
    const empty = await cli('environment', 'show', 'staging');
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toBe('Nothing is live in staging yet: overseer record-deployment --service S --version V --env staging\n');
  });

  it('exits 2 on an environment never created, naming the one probably meant, and on a missing name', async () => {
    const typo = await cli('environment', 'show', 'prodution');
    expect([typo.code, typo.stdout]).toEqual([2, '']);
    expect(typo.stderr).toContain("unknown environment 'prodution' (known: production, staging): did you mean production?");
    const none = await cli('environment', 'show');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name one environment: overseer environment show NAME');
    const action = await cli('environment', 'shwo', 'production');
    expect(action.code).toBe(2);
    expect(action.stderr).toContain('unknown environment action "shwo": did you mean show? (create, list or show)');
  });

  // `overseer environment create "$ENV"` with ENV unset reached the registry, whose refusal spoke of characters.
  it('exits 2 on an empty name (an unset variable), saying so', async () => {
    for (const action of ['create', 'show']) {
      expect(await cli('environment', action, '')).toEqual({
        code: 2,
        stdout: '',
        stderr: `error ERR_USAGE_INVALID: the environment's name is empty (a variable that is not set?): overseer environment ${action} NAME\nRun "overseer environment --help" for usage.\n`,
      });
    }
  });
});
