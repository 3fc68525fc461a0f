// `overseer check` judges against an environment (--env), a branch (--branch), or, with neither, the latest
// published version of every service. Its answer must say which: "to latest versions (nothing deployed there is
// affected)" read as an environment called "latest versions" and as if what is deployed had been judged.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'check-scope',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0', '--branch', 'main'],
    ['environment', 'create', 'production'],
  ],
});
const CHECKOUT = ['check', '--manifest', 'examples/checkout-web/overseer.yaml'];

describe('what a check was judged against', () => {
  it('says, with neither --against nor --branch, that the latest published versions were judged and how to judge a deployment', async () => {
    const r = await session.cli(...CHECKOUT);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('NOT DEPLOYABLE: checkout-web candidate against the latest versions (1 blocking reason)');
    expect(lines[1]).toBe(
      '  note: judged against the latest published version of each service, not what is deployed (an older version still live is not judged): ' +
        'check --env ENV judges as can-i-deploy --env ENV will, and is the one to run in CI before a deployment; --branch B judges against a branch',
    );
  });

  it('names the branch as a branch', async () => {
    const r = await session.cli(...CHECKOUT, '--contract', 'examples/checkout-web/openapi.yaml', '--branch', 'main');
    expect(r.stdout.split('\n')[0]).toBe('NOT DEPLOYABLE: checkout-web candidate against the latest versions on branch main (1 blocking reason)');
    expect(r.stdout).not.toContain('note:');
  });

  // Nothing is recorded deployed in this file's production: the yes says it judged nobody there, not "nothing is affected".
  it('keeps "to ENV" for an environment, and says when nobody was judged there', async () => {
    const r = await session.cli('check', '--manifest', 'examples/users-service/overseer.yaml', '--against', 'production');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('DEPLOYABLE: users-service candidate to production (nobody judged: no deployment is recorded there, below)');
  });

  it('says the same in markdown, for the pull request', async () => {
    const r = await session.cli('check', '--manifest', 'examples/users-service/overseer.yaml', '--format', 'markdown');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '### ✅ DEPLOYABLE: users-service candidate against the latest versions\n\nno service among them is affected.\n\n' +
        'Note: judged against the latest published version of each service, not what is deployed (an older version still live is not judged): ' +
        'check --env ENV judges as can-i-deploy --env ENV will, and is the one to run in CI before a deployment; --branch B judges against a branch.\n',
    );
  });

  // checkout-web 1.0.0 reads `email` and runs in `live`; its latest version, published and not deployed, no longer does.
  it('says yes against the latest versions where --against ENV, the gate, refuses for an older version still live', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'overseer-check-scope-'));
    try {
      const manifest = join(dir, 'overseer.yaml');
      await writeFile(
        manifest,
        'service: checkout-web\nowners: ["@acme/checkout"]\nconsumes:\n  users-service:\n    - operation: getUser\n      response: [id, name]\n',
      );
      for (const step of [
        ['environment', 'create', 'live'],
        ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'live'],
        ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
        ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'live'],
        ['publish', '--manifest', manifest, '--version', '2.0.0'],
      ]) {
        const r = await session.cli(...step);
        expect(r.code, `${step.join(' ')}: ${r.stderr}`).toBe(0);
      }
      const dropsEmail = ['check', '--manifest', 'examples/users-service/overseer.yaml', '--contract', 'examples/users-service/openapi.v2.yaml'];
      const latest = await session.cli(...dropsEmail);
      expect(latest.code, latest.stdout).toBe(0);
      expect(latest.stdout).toContain('an older version still live is not judged');
      const gate = await session.cli(...dropsEmail, '--against', 'live');
      expect(gate.code, gate.stdout).toBe(1);
      expect(gate.stdout.split('\n')[0]).toMatch(/^NOT DEPLOYABLE: users-service candidate to live/);
      expect(gate.stdout).toContain('checkout-web 1.0.0');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
