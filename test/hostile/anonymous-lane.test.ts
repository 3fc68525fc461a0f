// Strangers' checks on a registry with an admin token: POST /v1/check is open to anyone, and each task may hold a
// thread for OVERSEER_WORK_TIMEOUT_MS. Work asked without a token waits in a lane of its own that never takes the last
// thread and holds few: past it, 503 ERR_BUSY before the body is read, and the registry's own services go on. The
// strangers here hold the lane with bodies the test sends when it chooses: heavy checks held it only as long as the
// work bound took to stop them, which a loaded machine could outlast (a thread a running stranger's check holds is
// test/overseer/work/lanes.test.ts's).

import { beforeAll, describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { SMALL_CONTRACT, seedUsersInProd, send } from './flow-contract.js';
import { answerBeforeBody, holdBody } from './raw-http.js';

const TOKEN = 'the-admin-token-of-anonymous-lane';
const session = useRegistry({
  name: 'anonymous-lane',
  serveEnv: { OVERSEER_ADMIN_TOKEN: TOKEN, OVERSEER_WORK_THREADS: '2', OVERSEER_ANONYMOUS_QUEUE: '1' },
});
const ask = (method: string, path: string, body?: unknown, token?: string) => send(session.registry.url, method, path, body, token);
const CAN_I_DEPLOY = '/v1/can-i-deploy?service=users&version=2&environment=prod';
const CHECK = { service: 'users', environment: 'prod', contract: SMALL_CONTRACT, contractFile: 'users.json' };

beforeAll(() => seedUsersInProd(session.registry.url, TOKEN), 60_000);

describe('strangers filling their lane with checks sent without a token', () => {
  it('are held to it: one more is 503, and a publication and gate questions, with a token or without, are answered meanwhile', async () => {
    // One thread runs a stranger's check, one more waits (OVERSEER_ANONYMOUS_QUEUE=1): both are admitted with their
    // headers, and hold their room until they are answered, which cannot be before the test sends their bodies.
    const held = [await holdBody(session.registry.url, '/v1/check', JSON.stringify(CHECK))];
    held.push(await holdBody(session.registry.url, '/v1/check', JSON.stringify(CHECK)));
    const order: string[] = [];
    const strangers = held.map((h, i) =>
      h.answer.then((answer) => {
        order.push(`stranger ${i}`);
        return answer;
      }),
    );
    const refused = await ask('POST', '/v1/check', CHECK);
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

    // The two admitted strangers were kept, not refused: sent now, each is judged.
    for (const h of held) h.finish();
    for (const answer of await Promise.all(strangers)) expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(order.slice(0, 3)).toEqual(['publication', 'can-i-deploy', 'can-i-deploy without a token']);
    const after = await ask('POST', '/v1/check', CHECK);
    expect(after.status, JSON.stringify(after.body)).toBe(200);
  }, 60_000);
});
