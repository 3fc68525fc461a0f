// `overseer token create` whose answer is lost after the registry made the token: the token's secret was in that answer
// alone, and the registry keeps its hash. Sent again with its key, no second token is made, and the CLI says which
// token exists that nobody has, and how to end it. A real registry, a misbehaving proxy in front (hostile-proxy.ts).

import { afterEach, describe, expect, it } from 'vitest';
import { type Behaviour, type HostileProxy, startHostileProxy } from './hostile-proxy.js';
import { runCliHere } from './in-process.js';
import { useRegistry } from './registry-session.js';

const ADMIN = 'admin-token-for-lost-token-tests-0123';
const session = useRegistry({ name: 'hunt-lost-token', serveEnv: { OVERSEER_ADMIN_TOKEN: ADMIN }, cliEnv: { OVERSEER_TOKEN: ADMIN } });

const proxies: HostileProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function proxy(decide: (request: { method: string; path: string }, before: number) => Behaviour): Promise<HostileProxy> {
  const started = await startHostileProxy(session.registry.url, decide);
  proxies.push(started);
  return started;
}

const cliThrough = (url: string, args: string[]) => runCliHere(args, { env: { OVERSEER_URL: url, OVERSEER_TOKEN: ADMIN, OVERSEER_RETRY_MS: '30000' } });
const tokensSent = (through: HostileProxy) => through.seen.filter((s) => s.method === 'POST' && s.path === '/v1/tokens');
const tokenNames = async () => {
  const listed = await session.cli('token', 'list', '--format', 'json');
  return (JSON.parse(listed.stdout) as { tokens: Array<{ name: string }> }).tokens.map((t) => t.name);
};
const notShown = (name: string, again: string) =>
  `error ERR_TOKEN_NOT_SHOWN: token "${name}" was created, but the registry's answer was lost on the way and the token with it: ` +
  'the registry keeps only its hash and cannot show it again, and nobody has seen it. Revoke it and create another: ' +
  `overseer token revoke ${name} && overseer token create ${again} --name ${name}`;

describe('a token whose answer is lost', () => {
  it('after the connection dropped behind the write: sent again with its key, no second token, and the one made is named to revoke', async () => {
    const dropping = await proxy((request, before) => (request.path === '/v1/tokens' && before === 0 ? 'forward-then-drop' : 'forward'));
    const result = await cliThrough(dropping.url, ['token', 'create', '--service', 'users-service', '--name', 'users-ci']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(notShown('users-ci', '--service users-service'));
    const sent = tokensSent(dropping);
    expect(sent).toHaveLength(2);
    expect(sent[1].key).toBe(sent[0].key);
    expect(await tokenNames()).toEqual(['users-ci']);

    // What the message says to do works: the name is free again, and the new token is printed.
    expect((await session.cli('token', 'revoke', 'users-ci')).code).toBe(0);
    const created = await session.cli('token', 'create', '--service', 'users-service', '--name', 'users-ci');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^\S+\n$/);
  });

  // A name drawn by the CLI (ingest-<random>) is drawn once per command: the repeat names the same token.
  it('a proxy’s 502 after passing an ingest token on: the drawn name is the one reported, and only one token has it', async () => {
    const gateway = await proxy((request, before) =>
      request.path === '/v1/tokens' && before === 0 ? { afterForward: { status: 502, body: '<html>Bad Gateway</html>' } } : 'forward',
    );
    const before = await tokenNames();
    const result = await cliThrough(gateway.url, ['token', 'create', '--ingest']);
    expect(result.code).toBe(2);
    const name = /token "(ingest-[0-9a-f]{6})" was created/.exec(result.stderr)?.[1];
    expect(name, result.stderr).toBeDefined();
    expect(result.stderr).toContain(notShown(name!, '--ingest'));
    expect(tokensSent(gateway)).toHaveLength(2);
    expect((await tokenNames()).filter((n) => !before.includes(n))).toEqual([name]);
  });

  // A registry of round 33 remembered the keys of deployments alone: a token sent again there would be made twice.
  it('through to a registry that names no token among its keyed writes, a lost answer is not sent again: it says where to look', async () => {
    const older = await proxy((request) =>
      request.path === '/healthz'
        ? { status: 200, body: '{"status":"ok","writeKeys":true}' }
        : request.path === '/v1/tokens' && request.method === 'POST'
          ? 'forward-then-drop'
          : 'forward',
    );
    const result = await cliThrough(older.url, ['token', 'create', '--service', 'orders-service', '--name', 'orders-ci']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error ERR_REGISTRY_UNREACHABLE: the registry at ${older.url} dropped the connection after POST /v1/tokens, which is not sent again: the registry may have done it; ` +
        'look at the tokens (overseer token list, GET /v1/tokens): if orders-ci is listed, it was made and cannot be shown again; revoke it (overseer token revoke orders-ci) before creating it again',
    );
    expect(tokensSent(older)).toHaveLength(1);
    expect(await tokenNames()).toContain('orders-ci');
  });
});
