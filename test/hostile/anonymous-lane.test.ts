// Strangers' heavy checks on a registry with an admin token: POST /v1/check is open to anyone, and each task may hold
// a thread for OVERSEER_WORK_TIMEOUT_MS. Work asked without a token waits in a lane of its own that never takes the
// last thread and holds few: past it, 503 ERR_BUSY before the body is read, and the registry's own services go on.

import { beforeAll, describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { type Answer, flowContract, SMALL_CONTRACT, seedUsersInProd, send } from './flow-contract.js';
import { answerBeforeBody } from './raw-http.js';

const TOKEN = 'the-admin-token-of-anonymous-lane';
const session = useRegistry({
  name: 'anonymous-lane',
  serveEnv: { OVERSEER_ADMIN_TOKEN: TOKEN, OVERSEER_WORK_THREADS: '2', OVERSEER_ANONYMOUS_QUEUE: '1', OVERSEER_WORK_TIMEOUT_MS: '5000' },
});
const ask = (method: string, path: string, body?: unknown, token?: string) => send(session.registry.url, method, path, body, token);
const CAN_I_DEPLOY = '/v1/can-i-deploy?service=users&version=2&environment=prod';

beforeAll(() => seedUsersInProd(session.registry.url, TOKEN), 60_000);

describe('a flood of heavy checks sent without a token', () => {
  it('is held to its own lane: one more is 503, and a publication and gate questions, with a token or without, are answered first', async () => {
    // 6 MB of flow style holds a thread far longer than the 5 s bound, which stops each admitted stranger's check:
    // the publication and gate questions are answered within the first one's 5 s (they take milliseconds).
    const heavy = { service: 'users', environment: 'prod', contract: flowContract(6 * 1024 * 1024), contractFile: 'heavy.yaml' };
    const order: string[] = [];
    const strangers = [0, 1, 2].map((i) =>
      ask('POST', '/v1/check', heavy).then((answer) => {
        order.push(`stranger ${i}`);
        return answer;
      }),
    );
    // One thread runs a stranger's check, one waits for it (OVERSEER_ANONYMOUS_QUEUE=1): the third is refused.
    const refused = await Promise.race(strangers);
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(refused.body).toMatchObject({ code: 'ERR_BUSY' });
    expect(refused.body.message).toMatch(/without a token/);
    expect(refused.headers.get('retry-after')).toBe('2');

    const published = await ask('POST', '/v1/services/users/versions', { version: '2', contract: SMALL_CONTRACT, contractFile: 'users.json' }, TOKEN);
    order.push('publication');
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const gate = await ask('GET', CAN_I_DEPLOY, undefined, TOKEN);
    order.push('can-i-deploy');
    expect(gate.status, JSON.stringify(gate.body)).toBe(200);
    expect(gate.body).toMatchObject({ deployable: true });
    // The same question without a token (a CI job's) is not a stranger's upload: it does not wait with the checks.
    const anonymousGate = await ask('GET', CAN_I_DEPLOY);
    order.push('can-i-deploy without a token');
    expect(anonymousGate.status, JSON.stringify(anonymousGate.body)).toBe(200);
    expect(anonymousGate.body).toMatchObject({ deployable: true });
    // So do more uploads: each is refused before its body is read, and holds none of it in memory.
    const upload = await answerBeforeBody(session.registry.url, '/v1/check', 20 * 1024 * 1024, {});
    expect(upload).toMatchObject({ status: 503, body: { code: 'ERR_BUSY' } });

    const answers: Answer[] = await Promise.all(strangers);
    // The two admitted were judged (200), or stopped by the time bound (422) or by a worker's memory bound (413, on by
    // default since worker processes: 6 MB of flow style can pass 512 MB before 10 s), whichever came first here.
    const admitted = answers.filter((a) => a !== refused);
    expect(admitted).toHaveLength(2);
    for (const answer of admitted) {
      expect([200, 413, 422], JSON.stringify(answer.body)).toContain(answer.status);
      if (answer.status === 413) expect(answer.body).toMatchObject({ code: 'ERR_WORK_TOO_LARGE' });
    }
    // The publication and both gate questions did not wait for either admitted stranger's check to end.
    expect(order.slice(0, 4)).toEqual([expect.stringMatching(/^stranger/), 'publication', 'can-i-deploy', 'can-i-deploy without a token']);
    const after = await ask('POST', '/v1/check', { service: 'users', environment: 'prod', contract: SMALL_CONTRACT, contractFile: 'users.json' });
    expect(after.status, JSON.stringify(after.body)).toBe(200);
  }, 240_000);
});
