// A publication that breaks consumers is judged, for its notifications, where can-i-deploy is judged: in the pool.
// Diffing a large contract on the event loop held every other request of the registry for seconds.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectLoopStayedFree, watchLoop } from '../../helpers/loop-cpu.js';
import { describeEnv, makeDbFile, openRegistry, type Receivers, type Registry, startReceivers } from './harness.js';

const OPERATIONS = 1500;

/** A contract of many operations, each returning an object of 30 fields; `without` drops one field from every response. */
function buildWideContract(version: string, without?: string): string {
  const fields = Array.from({ length: 30 }, (_, i) => `f${i}`).filter((f) => f !== without);
  const properties = `{${fields.map((f) => `"${f}":{"type":"string","description":"${'d'.repeat(40)}"}`).join(',')}}`;
  const paths = Array.from(
    { length: OPERATIONS },
    (_, i) =>
      `"/r${i}":{"get":{"operationId":"get${i}","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","required":${JSON.stringify(fields.slice(0, 3))},"properties":${properties}}}}}}}}`,
  );
  return `{"openapi":"3.0.3","info":{"title":"wide","version":"${version}"},"paths":{${paths.join(',')}}}`;
}

/** A timer of 10 ms, awaited: the event loop fires it only between two stretches of its own work. */
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 10));

describe('notifications for a large breaking publication', () => {
  let receivers: Receivers;
  let db: Awaited<ReturnType<typeof makeDbFile>>;
  let r: Registry;

  beforeEach(async () => {
    receivers = await startReceivers();
    db = await makeDbFile();
    r = await openRegistry(db.file, describeEnv(receivers, { OVERSEER_SLACK_TOKEN: '', OVERSEER_GITHUB_TOKEN: '' }));
  });

  afterEach(async () => {
    await r.close();
    await receivers.close();
    await db.remove();
  });

  it('are decided off the event loop, and still name the consumer the change breaks', async () => {
    const ok = async (answer: Promise<{ statusCode: number; body: string }>) => {
      const { statusCode, body } = await answer;
      expect(statusCode, body).toBeLessThan(300);
    };
    await ok(r.send('PUT', '/v1/services/wide', { owners: ['@acme/wide'] }));
    await ok(r.send('PUT', '/v1/services/reader', { owners: ['@acme/reader'] }));
    await ok(r.send('POST', '/v1/services/wide/versions', { version: '1.0.0', branch: 'main', contract: buildWideContract('1.0.0') }));
    const manifest = 'service: reader\nconsumes:\n  wide:\n    - operation: get7\n      response: [f0, f29]\n';
    await ok(r.send('POST', '/v1/services/reader/versions', { version: '1.0.0', branch: 'main', manifest }));
    await ok(r.send('POST', '/v1/environments', { name: 'production' }));
    for (const service of ['wide', 'reader']) await ok(r.send('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' }));
    await ok(r.send('POST', '/v1/webhooks', { url: `${receivers.hooks.url}/events`, events: ['version.breaking'], secret: 'whsec-0123456789-abcdef' }));

    const contract = buildWideContract('2.0.0', 'f29');
    // Watched until the webhook arrives: the notifier judges what the publication breaks after answering it.
    const published = async () => {
      const answer = await r.send('POST', '/v1/services/wide/versions', { version: '2.0.0', branch: 'main', contract });
      return { answer, events: await receivers.hooks.waitFor(1, 30_000) };
    };
    const loop = await watchLoop(process.pid, published(), tick);
    const { answer, events } = loop.result;
    expect(answer.statusCode, answer.body).toBe(201);
    const [event] = events;
    const body = JSON.parse(event!.body);
    expect(body).toMatchObject({ type: 'version.breaking', service: 'wide', version: '2.0.0', baseVersion: '1.0.0' });
    expect(body.impacts.map((i: { consumer: string }) => i.consumer)).toEqual(['reader']);
    expect(JSON.stringify(body.impacts)).toContain('f29');
    expectLoopStayedFree(loop, 'a breaking publication of 1,500 operations');
  }, 120_000);
});
