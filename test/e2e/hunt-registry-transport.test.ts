// When the way to the registry fails (a dropped connection, an answer cut short or never sent, a redirect, a proxy's
// page), the CLI must end in "no decision" (exit 2) and never print a verdict it did not get; a read is asked again, a
// write never blindly. A real registry in the test's process, a misbehaving proxy in front of it (hostile-proxy.ts).

import { afterEach, describe, expect, it } from 'vitest';
import { type Behaviour, type HostileProxy, startHostileProxy } from './hostile-proxy.js';
import { runCliHere } from './in-process.js';
import { useRegistry } from './registry-session.js';

const publish = (service: string) => ['publish', '--manifest', `examples/${service}/overseer.yaml`, '--version', '1.0.0', '--branch', 'main'];
const session = useRegistry({
  name: 'hunt-registry-transport',
  setup: [
    ['environment', 'create', 'production'],
    publish('users-service'),
    publish('checkout-web'),
    publish('orders-service'),
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production'],
  ],
});

const proxies: HostileProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function proxy(decide: (request: { method: string; path: string }, before: number) => Behaviour): Promise<HostileProxy> {
  const started = await startHostileProxy(session.registry.url, decide);
  proxies.push(started);
  return started;
}

/**
 * The CLI through a proxy, waiting as long as the product does for each answer (a loaded machine took more than 0.4 s to
 * answer through the proxy, and a cut-short answer read as none), and asking again for 30 s: a path that recovers does
 * so long before. Only a test whose point is giving up bounds either: `timeoutMs` on silence, `retryMs` on an answer
 * that never comes whole.
 */
const cliThrough = (url: string, args: string[], bounds: { timeoutMs?: number; retryMs?: number } = {}) =>
  runCliHere(args, {
    env: {
      OVERSEER_URL: url,
      OVERSEER_RETRY_MS: String(bounds.retryMs ?? 30_000),
      ...(bounds.timeoutMs !== undefined && { OVERSEER_TIMEOUT_MS: String(bounds.timeoutMs) }),
    },
  });
const ASK = ['can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production'];
const only = (path: string, behaviour: Behaviour) => (request: { path: string }) => (request.path === path ? behaviour : 'forward');

describe('the gate through a path that fails', () => {
  it('answers as the registry does when nothing fails (the proxy itself is sound)', async () => {
    const sound = await proxy(() => 'forward');
    const result = await cliThrough(sound.url, ASK);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('DEPLOYABLE: users-service 1.0.0');
  });

  it('no answer within the timeout: no decision, saying how long it waited', async () => {
    const silent = await proxy(only('/v1/can-i-deploy', 'silent'));
    const result = await cliThrough(silent.url, ASK, { timeoutMs: 400 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error ERR_REGISTRY_UNREACHABLE: the registry at ${silent.url} accepted the connection but gave no answer to POST /v1/can-i-deploy within 0.4 s`,
    );
    expect(result.stdout).not.toMatch(/DEPLOYABLE/);
  });

  it('an answer cut short every time: no decision, named as such, after asking again', async () => {
    // Cut short by the proxy alone: each attempt costs the proxy's time, not the registry's, so that asking again fits
    // the 2 s this test gives up after however loaded the machine is.
    const cut = await proxy(only('/v1/can-i-deploy', { status: 200, body: '{"deployable":true,"reasons":[]}', cutAfter: 15 }));
    const result = await cliThrough(cut.url, ASK, { retryMs: 2000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error ERR_REGISTRY_UNREACHABLE: the registry at ${cut.url} cut short its answer to POST /v1/can-i-deploy (`);
    expect(result.stdout).not.toMatch(/DEPLOYABLE/);
    expect(cut.seen.filter((s) => s.path === '/v1/can-i-deploy').length).toBeGreaterThan(1);
  });

  it('an answer cut short once is asked again, and the second answer is the verdict', async () => {
    const once = await proxy((request, before) => (request.path === '/v1/can-i-deploy' && before === 0 ? 'cut-short' : 'forward'));
    const result = await cliThrough(once.url, ASK);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('DEPLOYABLE: users-service 1.0.0');
  });

  it('a gateway’s 502 and 504 while the registry restarts behind it are waited out for a question, as a refused connection is', async () => {
    const restarting = await proxy((request, before) =>
      request.path === '/v1/can-i-deploy' && before < 2 ? { status: before === 0 ? 502 : 504, body: '<html>Bad Gateway</html>' } : 'forward',
    );
    const result = await cliThrough(restarting.url, ASK);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('DEPLOYABLE: users-service 1.0.0');
    expect(restarting.seen.filter((s) => s.path === '/v1/can-i-deploy')).toHaveLength(3);
  });

  it('a redirect to another host is not followed: the URL is wrong, and the other host decides nothing', async () => {
    const elsewhere = await proxy(() => 'forward');
    const redirecting = await proxy(() => ({ status: 307, body: '', headers: { location: `${elsewhere.url}/v1/can-i-deploy` } }));
    const result = await cliThrough(redirecting.url, ASK);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error ERR_REGISTRY_URL: the registry at ${redirecting.url} answered POST /v1/can-i-deploy with a redirect (HTTP 307) to ${elsewhere.url}/v1/can-i-deploy`,
    );
    expect(elsewhere.seen).toEqual([]);
  });

  it('a proxy’s page, an error page, half a JSON body: each is no decision, never a verdict', async () => {
    const pages: Behaviour[] = [
      { status: 200, body: '<html><body>Sign in to continue</body></html>', headers: { 'content-type': 'text/html' } },
      { status: 502, body: '<html><body>502 Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } },
      { status: 200, body: '{"decision":"deployable","reasons":[' },
      { status: 200, body: '{"deployable":true}' },
      // Reasons and no decision: an empty list of reasons read as "deployable", the one shape that could pass for a yes.
      { status: 200, body: '{"reasons":[]}' },
      { status: 200, body: '{"decision":"approved","reasons":[]}' },
    ];
    for (const page of pages) {
      const wrong = await proxy(only('/v1/can-i-deploy', page));
      const result = await cliThrough(wrong.url, ASK, { retryMs: 1000 });
      expect(result.code, JSON.stringify(page)).toBe(2);
      expect(result.stderr).toContain(`error ERR_REGISTRY_RESPONSE: the registry at ${wrong.url} answered POST /v1/can-i-deploy with`);
      expect(result.stdout).not.toMatch(/DEPLOYABLE/);
    }
  });
});

describe('a write whose answer is lost', () => {
  const liveIn = async (service: string) => {
    const live = (await (await fetch(`${session.registry.url}/v1/environments/production/deployments`)).json()) as {
      deployments: Array<{ service: string; version: string }>;
    };
    return live.deployments.filter((d) => d.service === service).map((d) => d.version);
  };
  const deploymentsSeen = (through: HostileProxy) => through.seen.filter((s) => s.method === 'POST' && s.path === '/v1/deployments');

  // The registry remembers the deployment's Idempotency-Key with its answer: the second sending is given the first
  // answer, so sending it again is safe, and the pipeline's step passes instead of failing on a deployment that happened.
  it('a deployment whose connection dropped after the registry recorded it is sent again with its key, and told the first answer', async () => {
    const dropping = await proxy((request, before) => (request.path === '/v1/deployments' && before === 0 ? 'forward-then-drop' : 'forward'));
    const result = await cliThrough(dropping.url, ['record-deployment', '--service', 'orders-service', '--version', '1.0.0', '--env', 'production']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('recorded: orders-service 1.0.0 in production');
    const sent = deploymentsSeen(dropping);
    expect(sent).toHaveLength(2);
    expect(sent[1].key).toBe(sent[0].key);
    const history = (await (await fetch(`${session.registry.url}/v1/deployments?service=orders-service`)).json()) as { deployments: unknown[] };
    expect(history.deployments).toHaveLength(1);
  });

  // Heroku's router answers 503 once the app is slower than 30 s, after passing the request on. Sent again without a key,
  // the deployment was recorded a second time, over the newer version another pipeline recorded meanwhile.
  it('a proxy’s 503 after passing a deployment on: sent again, it is given the first answer, and a newer one recorded meanwhile stays live', async () => {
    await session.cli(...publish('orders-service').slice(0, -4), '--version', '1.0.1');
    const router = await proxy((request, before) =>
      request.path === '/v1/deployments' && before === 0
        ? {
            afterForward: { status: 503, body: '<html>Application Error</html>' },
            meanwhile: () => session.cli('record-deployment', '--service', 'orders-service', '--version', '1.0.1', '--env', 'production'),
          }
        : 'forward',
    );
    const result = await cliThrough(router.url, ['record-deployment', '--service', 'orders-service', '--version', '1.0.0', '--env', 'production']);
    expect(result.code, result.stderr).toBe(0);
    expect(deploymentsSeen(router)).toHaveLength(2);
    expect(await liveIn('orders-service')).toEqual(['1.0.1']);
  });

  it('a gateway’s 504 to the end of a deployment is waited out with the same key: the end is done once', async () => {
    await session.cli('record-deployment', '--service', 'orders-service', '--version', '1.0.0', '--env', 'production', '--rolling');
    const path = '/v1/deployments/end';
    const once = await proxy((request, before) =>
      request.path === path && before === 0 ? { afterForward: { status: 504, body: '<html>Gateway Timeout</html>' } } : 'forward',
    );
    const result = await cliThrough(once.url, ['record-undeployment', '--service', 'orders-service', '--version', '1.0.0', '--env', 'production']);
    expect(result.code, result.stderr).toBe(0);
    expect(once.seen.filter((s) => s.method === 'POST' && s.path === path)).toHaveLength(2);
    expect(await liveIn('orders-service')).toEqual(['1.0.1']);
  });

  // An older registry forgets keys: a deployment sent again would be recorded twice, so it is not sent again.
  it('through to a registry whose /healthz says nothing of write keys, a lost answer is not sent again: where to look instead', async () => {
    const older = await proxy((request) =>
      request.path === '/healthz' ? { status: 200, body: '{"status":"ok"}' } : request.path === '/v1/deployments' ? 'forward-then-drop' : 'forward',
    );
    const result = await cliThrough(older.url, ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error ERR_REGISTRY_UNREACHABLE: the registry at ${older.url} dropped the connection after POST /v1/deployments, which is not sent again: the registry may have done it; look at what is live in production (GET /v1/environments/production/deployments, or the dashboard's environments page): sending it again is safe unless another deployment of the service there was recorded since (UND_ERR_SOCKET)`,
    );
    expect(deploymentsSeen(older)).toHaveLength(1);
    expect(older.seen.filter((s) => s.path === '/healthz')).toHaveLength(1);
  });

  // The registry's own 503 (a full work lane, a busy database) comes before the work or after rolling it back.
  it('the registry’s own 503 to a deployment is waited out: nothing was recorded, so it is sent again', async () => {
    const busy = JSON.stringify({ code: 'ERR_BUSY', message: 'the registry is busy' });
    const once = await proxy((request, before) =>
      request.path === '/v1/deployments' && before === 0 ? { status: 503, body: busy, headers: { 'retry-after': '1' } } : 'forward',
    );
    const result = await cliThrough(once.url, ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production']);
    expect(result.code, result.stderr).toBe(0);
    expect(once.seen.filter((s) => s.method === 'POST' && s.path === '/v1/deployments')).toHaveLength(2);
  });

  // A pipeline's publish through a load balancer while the registry restarts: the job failed, and its re-run sent the
  // same publication again anyway. Sending it again changes nothing another pipeline did: the same content twice is one
  // publication ("unchanged"), other content for the version a conflict.
  it('a publish is sent again, since the same content twice is one publication', async () => {
    const path = '/v1/services/billing-worker/versions';
    const once = await proxy((request, before) => (request.path === path && before === 0 ? 'forward-then-drop' : 'forward'));
    const result = await cliThrough(once.url, publish('billing-worker'));
    expect(result.code, result.stderr).toBe(0);
    // The first sending did it; the second finds it done.
    expect(result.stdout).toMatch(/^unchanged \(already published with this content\): billing-worker 1\.0\.0 /m);
    expect(once.seen.filter((s) => s.method === 'POST' && s.path === path)).toHaveLength(2);
    const versions = await session.cli('consumers', '--service', 'users-service', '--format', 'json');
    expect(JSON.parse(versions.stdout).consumers.filter((c: { consumer: string }) => c.consumer === 'billing-worker')).toHaveLength(1);
  });

  it('a gateway’s 502 to a publish is waited out, as for a question', async () => {
    const path = '/v1/services/billing-worker/versions';
    const once = await proxy((request, before) => (request.path === path && before === 0 ? { status: 502, body: '<html>Bad Gateway</html>' } : 'forward'));
    const result = await cliThrough(once.url, [...publish('billing-worker').slice(0, -4), '--version', '1.0.1']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('published: billing-worker 1.0.1');
    expect(once.seen.filter((s) => s.method === 'POST' && s.path === path)).toHaveLength(2);
  });

  it('a read on a dropped connection is asked again', async () => {
    const once = await proxy((request, before) => (request.path === '/v1/environments' && before === 0 ? 'forward-then-drop' : 'forward'));
    const result = await cliThrough(once.url, ['environment', 'list']);
    expect(result).toMatchObject({ code: 0, stdout: 'production\n' });
    expect(once.seen.filter((s) => s.path === '/v1/environments')).toHaveLength(2);
  });
});
