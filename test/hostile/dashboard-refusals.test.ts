// A stranger's request that the registry refuses before any page is built (a Host name not its own on an open
// registry, a Content-Encoding on a GET) was answered by every dashboard page as a 500 "Something went wrong" and
// logged as a failed page: anyone could fill the log with errors. Each page says the refusal with its own 4xx now.
// Over real HTTP; the pages are every dashboard route fastify registered, not a list kept by hand.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSender, type SendHostile } from '../reliability/hostile-transport.js';
import { type ListedRegistry, startListedRegistry } from './listed-registry.js';

let open: ListedRegistry;
let guarded: ListedRegistry;

beforeAll(async () => {
  open = await startListedRegistry({});
  guarded = await startListedRegistry({ OVERSEER_ADMIN_TOKEN: 'admin-token-for-dashboard-refusals' });
});

afterAll(async () => {
  await open?.close();
  await guarded?.close();
});

/** Every page of the dashboard (its GET routes outside the API), its parameters filled. */
function listPages(registry: ListedRegistry): string[] {
  return registry.routes
    .filter((route) => route.startsWith('GET ') && !/^GET \/(v1\/|healthz$|openapi\.json$)/.test(route))
    .map((route) => route.slice(4).replace(':name', 'users-service').replace(':id', '1'));
}

async function expectRefusedPage(send: SendHostile, page: string, headers: Record<string, string>, status: number, code: string): Promise<void> {
  const answer = await send({ method: 'GET', url: page, headers });
  expect(`${page}: ${answer.status}`).toBe(`${page}: ${status}`);
  expect(answer.text).toContain(code);
  expect(answer.text).not.toContain('Something went wrong');
}

describe('a dashboard page refused before it is built', () => {
  it('answers a Host name not its own on an open registry 403 ERR_HOST_FORBIDDEN, on every page', async () => {
    const pages = listPages(open);
    expect(pages).toEqual(expect.arrayContaining(['/', '/graph', '/services/users-service', '/audit']));
    const send = createHttpSender(open.url);
    for (const page of pages) await expectRefusedPage(send, page, { host: 'rebound.example' }, 403, 'ERR_HOST_FORBIDDEN');
    expect((await send({ method: 'GET', url: '/' })).status).toBe(200);
  });

  it.each(['gzip', 'br'])('answers a GET with Content-Encoding %s 415 ERR_REQUEST_ENCODING, on every page', async (encoding) => {
    const send = createHttpSender(guarded.url);
    for (const page of listPages(guarded)) {
      await expectRefusedPage(send, page, { 'content-encoding': encoding }, 415, 'ERR_REQUEST_ENCODING');
    }
    expect((await send({ method: 'GET', url: '/' })).status).toBe(200);
  });
});
