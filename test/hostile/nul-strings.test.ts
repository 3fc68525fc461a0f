// A NUL (\u0000) in a text field of a write: PostgreSQL refuses it in any text column, so an owner, a Slack channel, a
// repository or a commit holding one answered 500 there (and was stored as sent on SQLite). Refused 400 naming the
// field, on both stores, for a small body and for one large enough to be read in the worker pool; nothing is stored.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { usePostgres } from '../helpers/use-postgres.js';
import { createHttpSender, type HostileRequest, type SendHostile } from '../reliability/hostile-transport.js';
import { type ListedRegistry, startListedRegistry } from './listed-registry.js';

const ADMIN = 'admin-token-for-nul-string-tests';
const CONTRACT = 'openapi: 3.0.3\ninfo: {title: users, version: "1"}\npaths: {}\n';
// Past 64 KB a publication's body is parsed in the worker pool, not on the event loop (work/raw-upload.ts).
const LARGE_CONTRACT = `${CONTRACT}x-padding: "${'x'.repeat(100 * 1024)}"\n`;
const cluster = usePostgres();

const CASES: [string, HostileRequest['method'], string, unknown, string][] = [
  ['an owner', 'PUT', '/v1/services/users', { owners: ['@acme\u0000'] }, 'body/owners/0'],
  ['a Slack channel', 'PUT', '/v1/services/users', { owners: [], slack: '#users\u0000' }, 'body/slack'],
  ['a repository', 'PUT', '/v1/services/users', { owners: [], repository: 'acme/users\u0000' }, 'body/repository'],
  [
    'an owner given with a publication',
    'POST',
    '/v1/services/users/versions',
    { version: '2.0.0', contract: CONTRACT, service: { owners: ['\u0000'] } },
    'body/service/owners/0',
  ],
  ['a commit', 'POST', '/v1/services/users/versions', { version: '2.0.0', contract: CONTRACT, commit: 'abc\u0000' }, 'body/commit'],
  ['a commit with a large contract', 'POST', '/v1/services/users/versions', { version: '2.0.0', contract: LARGE_CONTRACT, commit: 'abc\u0000' }, 'body/commit'],
];

describe.each(['sqlite', 'postgres'] as const)('a NUL in a text field, on %s', (kind) => {
  let registry: ListedRegistry;
  let send: SendHostile;
  const admin = (method: HostileRequest['method'], url: string, body?: unknown) => send({ method, url, body, headers: { authorization: `Bearer ${ADMIN}` } });
  const stored = async () => Promise.all(['/v1/services/users', '/v1/services/users/versions'].map(async (url) => (await admin('GET', url)).json));

  beforeAll(async () => {
    registry = await startListedRegistry({ OVERSEER_ADMIN_TOKEN: ADMIN }, kind === 'postgres' ? await cluster().createDatabase() : undefined);
    send = createHttpSender(registry.url);
    expect((await admin('POST', '/v1/services/users/versions', { version: '1.0.0', contract: CONTRACT, service: { owners: ['@acme'] } })).status).toBe(201);
    expect((await admin('POST', '/v1/environments', { name: 'production' })).status).toBe(201);
    expect((await admin('POST', '/v1/deployments', { service: 'users', version: '1.0.0', environment: 'production' })).status).toBe(201);
  });

  afterAll(async () => {
    await registry?.close();
  });

  it.each(CASES)('in %s is refused 400 ERR_REQUEST_INVALID naming it, and nothing is stored', async (_what, method, url, body, at) => {
    const before = await stored();
    const answer = await admin(method, url, body);
    expect(answer.status, answer.text).toBe(400);
    expect(answer.json).toEqual({ code: 'ERR_REQUEST_INVALID', message: expect.stringContaining(`${at} holds a NUL character`) });
    expect(await stored()).toEqual(before);
    expect((await send({ method: 'GET', url: '/healthz' })).status).toBe(200);
  });

  it('leaves an OTLP export to its reader: the span whose caller holds a NUL is counted malformed, the rest taken', async () => {
    const call = (consumer: string) => ({ consumer, environment: 'production', provider: 'users', method: 'GET', url: 'http://users/users' });
    const answer = await admin('POST', '/v1/traces', traceExport([call('web\u0000app'), call('web-app')]));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toMatchObject({ partialSuccess: { errorMessage: expect.stringContaining('malformed-span 1') } });
  });

  it('still takes the same writes without the NUL, and a contract that escapes one in its own text', async () => {
    expect((await admin('PUT', '/v1/services/users', { owners: ['@acme'], slack: '#users', repository: 'acme/users' })).status).toBe(200);
    const escaped = `${CONTRACT}x-note: "a\\u0000b"\n`;
    const published = await admin('POST', '/v1/services/users/versions', { version: '2.0.0', contract: escaped, commit: 'abc' });
    expect(published.status, published.text).toBe(201);
  });
});
