// Every route the registry registers (read from fastify, not listed by hand), sent every bad body kind by a stranger,
// refused before its body by a stranger and by another service's token, and reached through odd path segments; on
// SQLite and on PostgreSQL, over real HTTP. No answer is a 5xx or a code docs/ERRORS.md does not list, every route that
// needs a token refuses before it reads, a stranger gets in on exactly the routes route-cases.ts lists open, no route
// shows a stranger the admin's token names, and the registry holds afterwards exactly what it held before.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../helpers/use-postgres.js';
import { createHttpSender, type HostileRequest, type SendHostile } from '../reliability/hostile-transport.js';
import { type ListedRegistry, startListedRegistry } from './listed-registry.js';
import { answerBeforeBody } from './raw-http.js';
import { fillRoute, GUARDS, type Guard, listBadBodies, ODD_SEGMENTS, routeKey } from './route-cases.js';

const ADMIN = 'admin-token-for-every-route-tests';
const CONTRACT = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n';
const DOCUMENTED = new Set(
  [...readFileSync(new URL('../../docs/ERRORS.md', import.meta.url), 'utf8').matchAll(/<a id="(err_[a-z_]+)"><\/a>/g)].map((m) => m[1]!.toUpperCase()),
);
const WRITES: readonly Guard[] = ['admin', 'named', 'writer', 'ingest'];
const NEEDS_TOKEN: readonly Guard[] = [...WRITES, 'admin-read'];
const OPEN: readonly Guard[] = ['open-read', 'open-post'];
// The admin's own: a token of b's, never used, so that its name appears nowhere a stranger may look (the audit trail
// names the tokens that asked), and its value, which only its creation's answer ever shows.
const CANARY = 'canary-b-deploy-token';
const cluster = usePostgres();

// Every name a dashboard page reads from its query (ui/routes.ts): pages are not in /openapi.json.
const PAGE_QUERY_NAMES = ['q', 'page', 'blocked', 'environment', 'service', 'hops', 'by', 'from', 'to', 'versions'];
const ODD_QUERY_VALUES = ['%00', 'b%00', '%ED%A0%80', '%EF%BF%BF'];

type OpenApiPaths = { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };

/** The query parameters /openapi.json lists for a route (`GET /v1/x/:name` is `/v1/x/{name}` there); none for a page. */
function readQueryNames(document: OpenApiPaths, route: string): string[] {
  const path = route.slice(4).replace(/:(\w+)/g, '{$1}');
  return (document.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
}

interface Answer {
  status: number;
  code: string;
}

/** The code of an answer: `code`, OTLP's google.rpc.Status message's first word, or the code a dashboard page shows. */
function readCode(json: unknown, text: string): string {
  const body = (json ?? {}) as { code?: unknown; message?: unknown };
  if (typeof body.code === 'string') return body.code;
  if (typeof body.message === 'string') return body.message.split(':')[0] ?? '';
  return /\b(ERR_[A-Z_]+)\b/.exec(text)?.[1] ?? '';
}

describe.each(['sqlite', 'postgres'] as const)('every route of a registry on %s', (kind) => {
  let registry: ListedRegistry;
  let send: SendHostile;
  let serviceToken = '';
  let canaryToken = '';
  let before: unknown;

  const ask = async (request: HostileRequest, token?: string): Promise<Answer & { text: string }> => {
    const answer = await send({ ...request, headers: { ...(token && { authorization: `Bearer ${token}` }), ...request.headers } });
    return { status: answer.status, code: readCode(answer.json, answer.text), text: answer.text };
  };
  const admin = async (method: HostileRequest['method'], url: string, body?: unknown) => {
    const answer = await ask({ method, url, body }, ADMIN);
    expect(answer.status, `${method} ${url}: ${answer.text}`).toBeLessThan(300);
    return JSON.parse(answer.text) as Record<string, unknown>;
  };
  // What the API shows of everything a write could change, read by the admin (tokens and webhooks are the admin's).
  const snapshot = async () => {
    const reads = ['/v1/services', '/v1/environments', '/v1/deployments', '/v1/verdicts', '/v1/tokens', '/v1/webhooks', '/v1/notifications'];
    for (const service of ['a', 'b']) reads.push(`/v1/services/${service}`, `/v1/services/${service}/versions`);
    return Promise.all(reads.map((url) => admin('GET', url)));
  };

  beforeAll(async () => {
    registry = await startListedRegistry({ OVERSEER_ADMIN_TOKEN: ADMIN }, kind === 'postgres' ? await cluster().createDatabase() : undefined);
    send = createHttpSender(registry.url);
    await admin('POST', '/v1/environments', { name: 'production' });
    for (const service of ['a', 'b']) {
      await admin('POST', `/v1/services/${service}/versions`, { version: '1.0.0', contract: CONTRACT, service: { owners: ['@acme'] } });
      await admin('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' });
    }
    serviceToken = (await admin('POST', '/v1/tokens', { name: 'a-ci', service: 'a' })).token as string;
    canaryToken = (await admin('POST', '/v1/tokens', { name: CANARY, service: 'b' })).token as string;
    before = await snapshot();
  });

  afterAll(async () => {
    await registry?.close();
  });

  /** The routes fastify registered, with the guard each has in route-cases.ts. */
  const listed = () => registry.routes.map((route) => ({ route, guard: GUARDS[routeKey(route)]! }));

  /** What is wrong with an answer: a 5xx, or a refusal whose code docs/ERRORS.md does not list; undefined when nothing is. */
  function judge(route: string, what: string, answer: Answer & { text: string }): string | undefined {
    const line = `${route} ${what}: ${answer.status} ${answer.code || answer.text.slice(0, 200)}`;
    if (answer.status >= 500) return line;
    // The dashboard's "no such service" and "verdict pruned" pages are for a person, and name no code; every other refusal does.
    if ((answer.status === 404 || answer.status === 410) && answer.text.startsWith('<!doctype html>')) return undefined;
    return answer.status >= 400 && !DOCUMENTED.has(answer.code) ? line : undefined;
  }

  it('has a row in route-cases.ts for each route it registers, and none for a route it does not', () => {
    const keys = registry.routes.map(routeKey);
    expect(
      keys.filter((key) => !(key in GUARDS)),
      'routes without hostile cases: add each to GUARDS',
    ).toEqual([]);
    expect(
      Object.keys(GUARDS).filter((key) => !keys.includes(key)),
      'rows of GUARDS for routes that are gone',
    ).toEqual([]);
  });

  it('answers a stranger every bad body kind on every route with a documented 4xx, or as without the body', async () => {
    const unexpected: string[] = [];
    const bodies = listBadBodies();
    for (const { route, guard } of listed()) {
      const { method, url } = fillRoute(route);
      const plain = await ask({ method: method as HostileRequest['method'], url });
      const note = (what: string, answer: Answer & { text: string }) => void unexpected.push(...[judge(route, what, answer) ?? []].flat());
      note('without a body', plain);
      for (const bad of bodies) {
        const answer = await ask({ method: method as HostileRequest['method'], url, body: bad.body, headers: bad.headers });
        note(`with ${bad.name}`, answer);
        const compressed = bad.headers['content-encoding'] !== undefined && guard !== 'ingest';
        const expected = compressed
          ? '415 ERR_REQUEST_ENCODING'
          : NEEDS_TOKEN.includes(guard)
            ? '401 ERR_TOKEN_MISSING'
            : guard === 'open-read'
              ? `${plain.status} ${plain.code}`
              : undefined;
        const got = `${answer.status} ${answer.code}`;
        if (expected === undefined ? answer.status < 400 : got !== expected) unexpected.push(`${route} with ${bad.name}: ${got}, not ${expected ?? '4xx'}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect((await ask({ method: 'GET', url: '/healthz' })).status).toBe(200);
  });

  it('refuses a stranger, and the token of service a, on every route that needs a token, before reading the body', async () => {
    const answers: string[] = [];
    const expected: string[] = [];
    for (const { route, guard } of listed().filter((r) => NEEDS_TOKEN.includes(r.guard))) {
      const { method, url } = fillRoute(route);
      const early = (headers: Record<string, string>) => answerBeforeBody(registry.url, url, 200 * 1024, headers, method);
      const code = (answer: { status: number; body: unknown }) => `${answer.status} ${readCode(answer.body, '')}`;
      answers.push(`${route} by nobody: ${code(await early({}))}`);
      expected.push(`${route} by nobody: 401 ERR_TOKEN_MISSING`);
      // A writer route reads the body to learn the service: a's token is refused once it is read, in the next test.
      if (guard === 'writer') continue;
      answers.push(`${route} by a: ${code(await early({ authorization: `Bearer ${serviceToken}` }))}`);
      expected.push(`${route} by a: 403 ERR_TOKEN_FORBIDDEN`);
    }
    expect(answers).toEqual(expected);
  });

  it("refuses the token of service a every write of b's and of the admin's, with a body that would otherwise do it", async () => {
    const body = {
      service: 'b',
      version: '1.0.0',
      environment: 'production',
      name: 'b-ci',
      owners: ['@evil'],
      contract: CONTRACT,
      url: 'https://example.com/hook',
    };
    const writes = listed().filter((r) => WRITES.includes(r.guard) || r.guard === 'admin-read');
    expect(writes.length).toBeGreaterThan(10);
    const answers: string[] = [];
    for (const { route, guard } of writes) {
      const { method, url } = fillRoute(route);
      const own = Object.fromEntries(
        Object.entries(body).filter(([key]) => (guard === 'writer' ? ['service', 'version', 'environment'].includes(key) : key === 'service')),
      );
      const sent = method === 'GET' || method === 'DELETE' ? undefined : own;
      const answer = await ask({ method: method as HostileRequest['method'], url, body: sent }, serviceToken);
      answers.push(`${route}: ${answer.status} ${answer.code}`);
    }
    expect(answers.filter((line) => !line.endsWith(': 403 ERR_TOKEN_FORBIDDEN'))).toEqual([]);
  });

  it('lets a stranger in on exactly the routes listed open', async () => {
    // A row that says open-read by mistake would spare its route every refusal check here: the rows are checked
    // against what each route does with a caller who brings no token.
    const wrong: string[] = [];
    for (const { route, guard } of listed()) {
      const { method, url } = fillRoute(route);
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const answer = await ask({ method: method as HostileRequest['method'], url, body });
      const refused = answer.status === 401 && answer.code === 'ERR_TOKEN_MISSING';
      if (refused === OPEN.includes(guard)) wrong.push(`${route} (listed ${guard}): ${answer.status} ${answer.code}`);
    }
    expect(wrong).toEqual([]);
  });

  it("shows neither a stranger nor a's token the name or value of b's token on any route", async () => {
    // What a route left open by mistake, in the code and in its row alike, would show: GET /v1/tokens lists the name.
    const leaks: string[] = [];
    for (const { route } of listed().filter((r) => r.route.startsWith('GET '))) {
      const { url } = fillRoute(route);
      for (const token of [undefined, serviceToken]) {
        const { text } = await ask({ method: 'GET', url }, token);
        if (text.includes(CANARY) || text.includes(canaryToken)) leaks.push(`${route} ${token ? 'by a' : 'by nobody'}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('answers odd path segments in place of a name on every route that takes one, never with a success, a 5xx or an unlisted code', async () => {
    const wrong: string[] = [];
    for (const { route, guard } of listed().filter((r) => r.route.includes('/:'))) {
      for (const segment of ODD_SEGMENTS) {
        const { method, url } = fillRoute(route, segment);
        for (const token of [undefined, serviceToken]) {
          const body = method === 'GET' || method === 'DELETE' ? undefined : { service: segment, owners: ['@evil'] };
          const answer = await ask({ method: method as HostileRequest['method'], url, body }, token);
          const what = `at ${url.slice(0, 80)} ${token ? 'by a' : 'by nobody'}`;
          wrong.push(...[judge(route, what, answer) ?? []].flat());
          if (answer.status < 300 && guard !== 'open-read') wrong.push(`${method} ${url.slice(0, 80)} ${token ? 'by a' : 'by nobody'}: ${answer.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers a NUL, a lone surrogate or a noncharacter in every query parameter of every GET route with no 5xx', async () => {
    const document = JSON.parse((await ask({ method: 'GET', url: '/openapi.json' })).text) as OpenApiPaths;
    const wrong: string[] = [];
    for (const { route } of listed().filter((r) => r.route.startsWith('GET '))) {
      const { url } = fillRoute(route);
      const own = readQueryNames(document, route);
      for (const value of ODD_QUERY_VALUES) {
        // Each of the route's own parameters alone (past its schema), then every name any page reads at once.
        const queries = [...own.map((name) => `${name}=${value}`), [...PAGE_QUERY_NAMES, ...own].map((name) => `${name}=${value}`).join('&')];
        for (const query of queries) {
          const problem = judge(route, `?${query.slice(0, 80)}`, await ask({ method: 'GET', url: `${url}?${query}` }));
          if (problem) wrong.push(problem);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('holds afterwards exactly what it held before, and still answers', async () => {
    expect(await snapshot()).toEqual(before);
    expect((await ask({ method: 'GET', url: '/healthz' })).status).toBe(200);
  });
});
