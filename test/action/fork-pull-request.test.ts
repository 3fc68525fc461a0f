// A pull request from a fork, run by the README's workflow: GitHub gives its run no secrets and no configuration
// variables, so `registry: ${{ vars.OVERSEER_URL }}` arrives empty and the Action judged offline without a word of why;
// the author read "Connect a registry" on a repository that has one. The run now says where the registry went.

import { describe, expect, it } from 'vitest';
import type { FakeGithub } from '../helpers/fake-github.js';
import { useActionSession } from './session.js';

let github: FakeGithub;
const session = useActionSession(async () => {
  ({ github } = session);
});

const FORK = 'outside-contributor/users-service';

describe('a pull request from a fork', () => {
  it('judged offline because `registry` is empty, says the fork is why, on the run and in the summary', async () => {
    // A fork's token may read but not comment.
    github.failNext('POST', /\/issues\/41\/comments$/, 403);
    const result = await session.run({
      number: 41,
      headSha: 'e1'.repeat(20),
      revision: session.fixtures['users.safe.yaml'],
      registryUrl: null,
      headRepository: FORK,
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^::warning title=Overseer::judged offline: this pull request comes from the fork ${FORK}, whose run GitHub gives no secrets or variables`,
        'm',
      ),
    );
    expect(result.summary).toMatch(/judged without a registry: this pull request comes from a fork/);
    expect(result.summary).not.toMatch(/Connect a registry/);
  });

  it('blocked offline, is not told to connect a registry it has, but that the deploy gate will judge it', async () => {
    const result = await session.run({
      number: 44,
      headSha: 'e4'.repeat(20),
      revision: session.fixtures['users.breaks-two.yaml'],
      registryUrl: null,
      headRepository: FORK,
    });
    expect(result.code).toBe(1);
    expect(result.summary).toMatch(/\*\*Judged against the registry later\*\*: this fork's run had no `registry`/);
    expect(result.summary).not.toMatch(/Connect a registry/);
  });

  it('is judged against the registry when its URL is not a secret or variable: reads need no token', async () => {
    const result = await session.run({
      number: 42,
      headSha: 'e2'.repeat(20),
      revision: session.fixtures['users.breaks-two.yaml'],
      headRepository: FORK,
    });
    expect(result.code, result.stdout).toBe(1);
    expect(result.summary).toMatch(/is blocked for production/);
    expect(result.stdout).not.toMatch(/comes from the fork/);
  });

  it('a pull request from the repository itself, offline, is told to connect a registry as before', async () => {
    const result = await session.run({ number: 43, headSha: 'e3'.repeat(20), revision: session.fixtures['users.breaks-two.yaml'], registryUrl: null });
    expect(result.code).toBe(1);
    expect(result.summary).toMatch(/Connect a registry/);
    expect(result.stdout).not.toMatch(/fork/);
  });
});
