// A consumer whose manifest misspells the provider (`user-service:` under consumes) is counted by the gate as the
// consumer of the service its name is nearest, and can-i-deploy refuses what breaks it. The Action read its consumers
// from the registry's listing, which names providers as the manifests write them, so it missed that consumer and said
// "safe" to the same change. Now it blocks too, with the gate's words, and tells the author what the consumer must write.

import { describe, expect, it } from 'vitest';
import { escapeMarkdown, parseManifest } from '../../contracts/index.js';
import { useActionSession } from './session.js';

const session = useActionSession();

const TYPO_WEB = 'service: typo-web\nowners: ["@acme/typo"]\nconsumes:\n  user-service:\n    - operation: getUser\n      response: [id, name]\n';

describe('a consumer whose manifest misspells the service', () => {
  it('blocks the pull request that breaks it, as can-i-deploy refuses the same contract, naming the name it wrote', async () => {
    const { registry, fixtures } = session;
    // In an environment of its own: typo-web is the only consumer there.
    await registry.client.createEnvironment('misspelt');
    await registry.client.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'misspelt' });
    await registry.client.putService('typo-web', { owners: parseManifest(TYPO_WEB, 'overseer.yaml').owners });
    await registry.client.publish('typo-web', { version: '1.0.0', branch: 'main', manifest: TYPO_WEB });
    await registry.client.recordDeployment({ service: 'typo-web', version: '1.0.0', environment: 'misspelt' });

    // The gate's answer for the pull request's contract: typo-web reads `name`, which it removes.
    const { verdict } = await registry.client.check({
      service: 'users-service',
      version: 'pr-81',
      environment: 'misspelt',
      contract: fixtures['users.breaks-two.yaml'],
    });
    const refusing = verdict.reasons.filter((r) => r.severity === 'error');
    expect(refusing.map((r) => [r.code, r.consumer, r.declaredAs])).toEqual([
      ['breaks-consumer', 'typo-web', 'user-service'],
      ['field-missing', 'typo-web', 'user-service'],
    ]);

    const result = await session.run({
      number: 81,
      headSha: '81'.repeat(20),
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { environment: 'misspelt' },
    });
    expect(result.code, result.stdout).toBe(1);
    expect(result.outputs).toMatchObject({ verdict: 'blocked', blocking: '1' });
    const [comment] = session.markerComments(81);
    expect(comment.body.split('\n')[1]).toBe('### :no_entry: Overseer: `api/openapi.yaml` is blocked for misspelt');
    expect(comment.body).toContain('it would break 1 consumer whose manifest misspells users-service there (the gate counts it).');
    // Said once, as can-i-deploy prints it: the change that breaks it, not again the field it then misses.
    expect(comment.body).toContain(
      `#### What blocks, for consumers in misspelt whose manifests misspell users-service\n\n| Consumer | Status | Problem | Reason |\n| --- | --- | --- | --- |\n| **typo-web** | :no_entry: blocks | ${escapeMarkdown(refusing[0]!.message)} | \`breaks-consumer\` |\n`,
    );
    expect(refusing[0]!.message).toMatch(/\(typo-web declares this use under user-service, which no service is named: taken as users-service/);
    expect(comment.body).toContain(
      '**Ask the consumers whose manifests misspell it** (named above) to write `users-service` for `user-service` under `consumes`',
    );
    // On the operation it calls, in this contract: its manifest is in no repository the registry knows.
    expect(result.stdout).toMatch(
      /^::error file=api\/openapi\.yaml,line=26,title=typo-web%3A breaks-consumer::users-service pr-81 would break typo-web 1\.0\.0/m,
    );

    // A pull request that does not make the change (its base made it already) is not blocked by it, as for other consumers.
    const later = await session.run({
      number: 82,
      headSha: '82'.repeat(20),
      base: fixtures['users.breaks-two.yaml'],
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { environment: 'misspelt' },
    });
    expect(later.code, later.stdout).toBe(0);
  });

  // A monorepo: the consumer's manifest is a file of this pull request's repository, where its author can fix the name.
  it('annotates the manifest that misspells the service when it is in this repository, else the contract naming where it is', async () => {
    const { registry, fixtures } = session;
    await registry.client.createEnvironment('misspelt-here');
    await registry.client.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'misspelt-here' });
    const publishTypo = async (service: string, repository: string) => {
      const manifest = TYPO_WEB.replace('typo-web', service);
      const described = { owners: ['@acme/typo'], repository };
      await registry.client.publish(service, { version: '1.0.0', branch: 'main', service: described, manifest, manifestFile: `${service}/overseer.yaml` });
      await registry.client.recordDeployment({ service, version: '1.0.0', environment: 'misspelt-here' });
    };
    await publishTypo('typo-mono', 'acme/users-service');
    await publishTypo('typo-away', 'acme/elsewhere');
    const result = await session.run({
      number: 83,
      headSha: '83'.repeat(20),
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { environment: 'misspelt-here' },
    });
    expect(result.code, result.stdout).toBe(1);
    const lines = result.stdout.split('\n').filter((l) => /^::error .*title=typo-(mono|away)%3A breaks-consumer::/.test(l));
    expect(lines.map((l) => l.slice(0, l.indexOf('::', 2)))).toEqual([
      '::error file=api/openapi.yaml,line=26,title=typo-away%3A breaks-consumer',
      '::error file=typo-mono/overseer.yaml,line=5,title=typo-mono%3A breaks-consumer',
    ]);
    expect(lines[0]).toMatch(/\(typo-away's manifest: typo-away\/overseer\.yaml:5 in acme\/elsewhere\)$/);
  });
});
