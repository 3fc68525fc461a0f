// OVERSEER_GITHUB_REPOSITORIES: the setting read at start, the sender's check at each status, and a repository allowed
// when it was set but not when its status is sent (the list narrowed by a restart): a dead letter that says why.

import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../overseer/config.js';
import { createGithubSender } from '../../../overseer/notify/github.js';
import { findRepositoryHostProblem, findRepositoryProblem, parseRepository } from '../../../overseer/notify/repositories.js';
import { startFakeGithubStatuses } from '../../helpers/fake-github-statuses.js';
import { USERS_V2_BREAKING } from '../routes/fixtures.js';
import { deployAll, describeEnv, makeDbFile, openRegistry, publishUsers, seedServices, startReceivers, waitUntilSettled } from './harness.js';

describe('OVERSEER_GITHUB_REPOSITORIES', () => {
  it('is required with a GitHub token, and not without one', () => {
    expect(() => parseConfig({}, { OVERSEER_GITHUB_TOKEN: 'ghp' })).toThrow(
      /OVERSEER_GITHUB_TOKEN is set but OVERSEER_GITHUB_REPOSITORIES is not: list the repositories .*\(acme\/\*, acme\/users-service\), or \*/,
    );
    expect(parseConfig({}, {}).notify?.github.repositories).toEqual([]);
    expect(parseConfig({}, { OVERSEER_GITHUB_TOKEN: 'ghp', OVERSEER_GITHUB_REPOSITORIES: ' acme/* , tools/demo ' }).notify?.github.repositories).toEqual([
      'acme/*',
      'tools/demo',
    ]);
  });

  it('refuses an entry that is not owner/repo, owner/* or *', () => {
    for (const entry of ['acme', 'acme/*/x', '*/users', 'https://github.com/acme/users']) {
      expect(() => parseConfig({}, { OVERSEER_GITHUB_TOKEN: 'ghp', OVERSEER_GITHUB_REPOSITORIES: entry }), entry).toThrow(ConfigError);
    }
  });

  it('matches owners and names as GitHub does, without case', () => {
    expect(findRepositoryProblem({ owner: 'Acme', repo: 'Users' }, ['acme/*'])).toBeUndefined();
    expect(findRepositoryProblem({ owner: 'acme', repo: 'users' }, ['ACME/USERS'])).toBeUndefined();
    expect(findRepositoryProblem({ owner: 'victim', repo: 'x' }, ['*'])).toBeUndefined();
    expect(findRepositoryProblem({ owner: 'acme-evil', repo: 'x' }, ['acme/*', 'tools/demo'])).toBe(
      'the registry posts commit statuses only to acme/*, tools/demo (OVERSEER_GITHUB_REPOSITORIES), not to acme-evil/x',
    );
  });

  it("refuses a repository written on another host than the registry's GitHub, whose link Slack would show", () => {
    expect(findRepositoryHostProblem('https://github.evil.example/acme/users', 'https://api.github.com')).toBe(
      "https://github.evil.example/acme/users is on github.evil.example, not on the registry's GitHub, github.com (OVERSEER_GITHUB_API_URL)",
    );
    expect(findRepositoryHostProblem('https://GitHub.com/acme/users.git', 'https://api.github.com')).toBeUndefined();
    expect(findRepositoryHostProblem('git@ghe.acme.com:acme/users.git', 'https://ghe.acme.com/api/v3')).toBeUndefined();
    expect(findRepositoryHostProblem('git@github.com:acme/users.git', 'https://ghe.acme.com/api/v3')).toMatch(/is on github.com, not on .* ghe.acme.com/);
    expect(findRepositoryHostProblem('acme/users', 'https://ghe.acme.com/api/v3')).toBeUndefined();
  });

  it('reads no repository named by dots, which would climb out of the statuses URL', () => {
    expect(parseRepository('../orgs')).toBeUndefined();
    expect(parseRepository('acme/..')).toBeUndefined();
    expect(parseRepository('acme/.github')).toEqual({ owner: 'acme', repo: '.github' });
  });

  it('sends no request for a repository off the list: a permanent failure that names the list', async () => {
    const fake = await startFakeGithubStatuses();
    try {
      const sender = createGithubSender({ token: 'ghp', apiUrl: fake.url, context: 'overseer', repositories: ['acme/*'] }, 2000);
      const status = {
        owner: 'victim',
        repo: 'payments',
        sha: 'abc123',
        context: 'overseer/contract',
        state: 'success' as const,
        description: 'd',
        targetUrl: 'https://x',
      };
      await expect(sender.createStatus(status)).rejects.toMatchObject({
        permanent: true,
        message: 'the registry posts commit statuses only to acme/* (OVERSEER_GITHUB_REPOSITORIES), not to victim/payments',
      });
      expect(fake.attempts).toBe(0);
    } finally {
      await fake.close();
    }
  });
});

describe('a repository the list no longer allows', () => {
  it('gets no status after a restart that narrowed the list: the notification fails, saying why', async () => {
    const receivers = await startReceivers();
    const db = await makeDbFile();
    try {
      const wide = await openRegistry(db.file, describeEnv(receivers, { OVERSEER_SLACK_TOKEN: '' }));
      await seedServices(wide);
      await deployAll(wide, 'production');
      await wide.close();
      const narrow = await openRegistry(
        db.file,
        describeEnv(receivers, { OVERSEER_SLACK_TOKEN: '', OVERSEER_GITHUB_REPOSITORIES: 'acme/checkout-web, tools/*' }),
      );
      try {
        await publishUsers(narrow, '2.0.0', USERS_V2_BREAKING);
        await waitUntilSettled(narrow.store);
        expect(receivers.github.attempts).toBe(0);
        const failed = (await narrow.send('GET', '/v1/notifications?status=failed')).json().notifications;
        expect(failed).toEqual([
          expect.objectContaining({
            channel: 'github',
            attempts: 1,
            lastError: 'the registry posts commit statuses only to acme/checkout-web, tools/* (OVERSEER_GITHUB_REPOSITORIES), not to acme/users-service',
          }),
        ]);
      } finally {
        await narrow.close();
      }
    } finally {
      await receivers.close();
      await db.remove();
    }
  });
});
