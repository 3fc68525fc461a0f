// Whose commits the registry's GitHub token writes statuses on: a service's manifest names its repository, so a service
// token could point the registry at any repository the token reaches. Only those the admin allowed
// (OVERSEER_GITHUB_REPOSITORIES) are accepted, through the real CLI and HTTP, with octokit against a fake GitHub.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGithubStatuses, startFakeGithubStatuses } from '../helpers/fake-github-statuses.js';
import { intruderOf, publishNaming } from './intruder.js';
import { useRegistry } from './registry-session.js';

const ADMIN = 'admin-token-for-repository-tests-0123';
const COMMIT = 'abcdef0123456789abcdef0123456789abcdef01';
let github: FakeGithubStatuses;

// Before the session's own beforeAll: the registry is started with the fake's address.
beforeAll(async () => {
  github = await startFakeGithubStatuses();
}, 120_000);
afterAll(() => github?.close());

const session = useRegistry({
  name: 'github-repositories',
  serveEnv: {
    OVERSEER_ADMIN_TOKEN: ADMIN,
    OVERSEER_GITHUB_TOKEN: 'ghp_registry_token',
    get OVERSEER_GITHUB_API_URL() {
      return github.url;
    },
    OVERSEER_GITHUB_REPOSITORIES: 'acme/*, tools/overseer-demo',
    OVERSEER_NOTIFY_POLL_MS: '20',
  },
  cliEnv: { OVERSEER_TOKEN: ADMIN },
  setup: [['environment', 'create', 'production']],
});

const intruder = intruderOf(session);
const intruderToken = intruder.token;
/** `overseer publish` of the intruder's folder, with the intruder's own token, naming `repository`. */
const publishIntruder = (version: string, repository: string) => intruder.publish(version, `repository: ${repository}`, '--commit', COMMIT);

/** `overseer publish` of `service` with the admin token, naming `repository`. */
const publishAs = (service: string, version: string, repository: string) =>
  publishNaming(session, service, version, `repository: ${repository}`, '--commit', COMMIT);

describe('commit statuses go only to the repositories the admin allowed', () => {
  it("refuses a publication naming another organisation's repository, and names the allowed ones", async () => {
    const refused = await publishIntruder('1.0.0', 'victim-org/payments');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ERR_REPOSITORY_NOT_ALLOWED');
    expect(refused.stderr).toContain('victim-org/payments');
    expect(refused.stderr).toContain('acme/*, tools/overseer-demo');
    const service = await fetch(`${session.registry.url}/v1/services/intruder`);
    expect(service.status).toBe(404);
  });

  it('refuses it in every spelling GitHub would read as that repository', async () => {
    for (const repository of [
      'https://github.com/victim-org/payments.git',
      'git@github.com:victim-org/payments.git',
      'ACME-evil/payments',
      'https://github.evil.example/acme/intruder',
    ]) {
      const refused = await publishIntruder('1.0.0', repository);
      expect(refused.stderr, repository).toContain('ERR_REPOSITORY_NOT_ALLOWED');
    }
  });

  it('posts the status of a refused gate on an allowed repository, and on no other', async () => {
    const published = await publishIntruder('1.0.0', 'Acme/intruder');
    expect(published.code, published.stderr).toBe(0);
    const asked = await session.cli('can-i-deploy', '--service', 'intruder', '--version', '1.0.0', '--to', 'production', '--token', await intruderToken());
    expect(asked.code).toBe(1);
    const [status] = await github.waitForStatuses(1);
    expect(status).toMatchObject({ owner: 'Acme', repo: 'intruder', sha: COMMIT, state: 'failure', context: 'overseer/intruder/can-i-deploy (production)' });
    expect(github.statuses.every((s) => s.owner.toLowerCase() === 'acme')).toBe(true);
  });
});

describe("a repository within the allowed list is its first service's", () => {
  it("refuses a service token naming another service's repository, and the admin shares one between the services of a monorepo", async () => {
    expect((await publishAs('payments', '1.0.0', 'acme/payments')).code).toBe(0);
    const refused = await publishIntruder('2.0.0', 'ACME/Payments');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ERR_REPOSITORY_TAKEN');
    expect(refused.stderr).toContain("repository acme/payments is payments's");
    const before = github.statuses.length;
    const asked = await session.cli('can-i-deploy', '--service', 'intruder', '--version', '2.0.0', '--to', 'production', '--token', await intruderToken());
    expect(asked.code).toBe(2);
    expect(github.statuses.length).toBe(before);

    const byService = await session.cli('claim', 'repository', 'acme/payments', '--service', 'intruder', '--token', await intruderToken());
    expect(byService.stderr).toContain('ERR_TOKEN_FORBIDDEN');
    expect((await publishAs('ledger', '1.0.0', 'acme/ledger')).code).toBe(0);
    const shared = await session.cli('claim', 'repository', 'acme/payments', '--service', 'ledger', '--share');
    expect(shared).toMatchObject({ code: 0, stdout: "shared: repository acme/payments is ledger's now too, beside payments\n" });
    expect((await publishAs('ledger', '1.1.0', 'acme/payments')).code).toBe(0);
    for (const service of ['payments', 'ledger']) {
      const gate = await session.cli('can-i-deploy', '--service', service, '--version', service === 'ledger' ? '1.1.0' : '1.0.0', '--to', 'production');
      expect(gate.code).toBe(1);
    }
    const statuses = await github.waitForStatuses(before + 2);
    expect(
      statuses
        .slice(before)
        .map((s) => `${s.owner}/${s.repo} ${s.context}`)
        .sort(),
    ).toEqual(['acme/payments overseer/ledger/can-i-deploy (production)', 'acme/payments overseer/payments/can-i-deploy (production)']);
  });
});
