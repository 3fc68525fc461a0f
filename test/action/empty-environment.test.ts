// The Action asked about an environment where no deployment was ever recorded (a wrong `environment` input, or
// deployments never recorded there): its "safe" judged nobody. can-i-deploy said so; the comment said only "safe".

import { describe, expect, it } from 'vitest';
import { startOlderRegistry } from '../helpers/older-registry.js';
import { useActionSession } from './session.js';

const session = useActionSession();

const NOTE =
  'no deployment is recorded in preview, so no consumer was judged there: if preview is right, record what runs there ' +
  'with overseer record-deployment --env preview; services are recorded in production';

describe('the Action against an environment where nothing was ever deployed', () => {
  it('passes, and its comment says that nobody was judged there and where services are recorded', async () => {
    await session.registry.client.createEnvironment('preview');
    const result = await session.run({
      number: 60,
      headSha: 'e1'.repeat(20),
      revision: session.fixtures['users.breaks-two.yaml'],
      inputs: { environment: 'preview' },
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.verdict).toBe('safe');
    const [comment] = session.markerComments(60);
    expect(comment.body).toContain(`:warning: **Nobody was judged:** ${NOTE}.`);
    // Not among the uses the registry did not count: it is no use.
    expect(comment.body).not.toContain('Uses not counted');
  });

  it('says nothing of it where deployments are recorded, and reads no history to learn it from a current registry', async () => {
    // The registry as it answers today, watched on the wire by a proxy that passes everything.
    const watched = await startOlderRegistry(session.registry.url, { older: false });
    try {
      const result = await session.run({
        number: 61,
        headSha: 'e2'.repeat(20),
        revision: session.fixtures['users.safe.yaml'],
        inputs: { environment: 'production' },
        registryUrl: watched.url,
      });
      expect(result.code, result.stdout).toBe(0);
      expect(session.markerComments(61)[0].body).not.toContain('Nobody was judged');
      expect(watched.asked).toContain('POST /v1/check');
      expect(watched.asked.filter((asked) => asked.startsWith('GET /v1/deployments'))).toEqual([]);
    } finally {
      await watched.close();
    }
  });

  // Upgraded apart from its registry: one from before round 25 does not say it, so the Action looks itself.
  it('says it too against an older registry, whose verdict does not', async () => {
    const older = await startOlderRegistry(session.registry.url);
    try {
      const result = await session.run({
        number: 62,
        headSha: 'e3'.repeat(20),
        revision: session.fixtures['users.breaks-two.yaml'],
        inputs: { environment: 'preview' },
        registryUrl: older.url,
      });
      expect(result.code, result.stdout).toBe(0);
      expect(session.markerComments(62)[0].body).toContain(`:warning: **Nobody was judged:** ${NOTE}.`);
    } finally {
      await older.close();
    }
  });
});
