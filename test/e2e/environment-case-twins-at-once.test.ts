// Two creations of one environment in two cases, sent at once (two pipelines bootstrapping, two replicas behind a
// balancer): the registry checked for the case twin before its write, so on PostgreSQL both passed the check and both
// were created; deployments recorded in `Production` were then missing from the gate asked about `production`, a yes
// with a consumer there. Against a real registry over HTTP on PostgreSQL, where requests run truly at once.

import { afterAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../helpers/use-postgres.js';
import { assertBuilt } from './cli-process.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';

const cluster = usePostgres();
let registry: RegistryHere | undefined;
afterAll(async () => registry?.stop());

describe('environments created at once in two cases', () => {
  it('are one environment: one is created (201), the others refused (409 naming it), every round', async () => {
    assertBuilt();
    registry = await startRegistryHere(await cluster().createDatabase());
    const create = async (name: string) => {
      const answer = await fetch(`${registry!.url}/v1/environments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      return { status: answer.status, body: (await answer.json()) as { code?: string; message?: string } };
    };
    const rounds = 8;
    for (let i = 0; i < rounds; i++) {
      const answers = await Promise.all([`prod${i}`, `Prod${i}`, `PROD${i}`, `pRod${i}`].map(create));
      expect(answers.map((a) => a.status).sort(), `round ${i}`).toEqual([201, 409, 409, 409]);
      for (const refused of answers.filter((a) => a.status === 409)) {
        expect(refused.body).toMatchObject({ code: 'ERR_ENVIRONMENT_CONFLICT', message: expect.stringContaining('differs from it only in case') });
      }
    }
    const listed = await runCliHere(['environment', 'list'], { env: { OVERSEER_URL: registry.url } });
    expect(listed.stdout.trim().split('\n')).toHaveLength(rounds);
  }, 120_000);
});
