// Who may use each route of the registry, and the bad bodies and path segments every route is sent by every-route.test.ts.
// A route the app registers without a row in GUARDS fails that test by name: decide who may call it first. A row that
// says open where the route refuses a stranger, or the reverse, fails it too.

import { gzipSync } from 'node:zlib';

/**
 * open-read: a GET anyone may make; admin-read: a GET of the admin's; open-post: a question anyone may ask (check,
 * can-i-deploy); admin: a write of the admin's; named: a write of the service in the URL; writer: a write of the
 * service the body names; ingest: telemetry (the admin or an ingest token).
 */
export type Guard = 'open-read' | 'admin-read' | 'open-post' | 'admin' | 'named' | 'writer' | 'ingest';

export const GUARDS: Record<string, Guard> = {
  'GET /openapi.json': 'open-read',
  'GET /healthz': 'open-read',
  'GET /v1/services': 'open-read',
  'PUT /v1/services/:name': 'named',
  'GET /v1/services/:name': 'open-read',
  'PUT /v1/repositories/:owner/:repo': 'admin',
  'PUT /v1/hosts/:name': 'admin',
  'PUT /v1/apis/:name': 'admin',
  'POST /v1/services/:name/versions': 'named',
  'GET /v1/services/:name/versions': 'open-read',
  'GET /v1/services/:name/versions/:version': 'open-read',
  'GET /v1/services/:name/versions/:version/contract': 'open-read',
  'GET /v1/services/:name/versions/:version/declarations': 'open-read',
  'GET /v1/services/:name/consumers': 'open-read',
  'GET /v1/services/:name/migrations': 'open-read',
  'GET /v1/services/:name/usage': 'open-read',
  'POST /v1/deployments': 'writer',
  'POST /v1/deployments/end': 'writer',
  'GET /v1/deployments': 'open-read',
  'GET /v1/environments': 'open-read',
  'POST /v1/environments': 'admin',
  'GET /v1/environments/:env/deployments': 'open-read',
  'GET /v1/can-i-deploy': 'open-read',
  'POST /v1/can-i-deploy': 'open-post',
  'POST /v1/check': 'open-post',
  'GET /v1/verdicts': 'open-read',
  'GET /v1/verdicts/:id': 'open-read',
  'POST /v1/tokens': 'admin',
  'GET /v1/tokens': 'admin-read',
  'DELETE /v1/tokens/:name': 'admin',
  'GET /v1/notifications': 'open-read',
  'GET /v1/notifications/:id': 'open-read',
  'POST /v1/notifications/:id/retry': 'admin',
  'POST /v1/webhooks': 'admin',
  'GET /v1/webhooks': 'admin-read',
  'DELETE /v1/webhooks/:id': 'admin',
  'POST /v1/traces': 'ingest',
  'POST /v1/metrics': 'ingest',
  'GET /': 'open-read',
  'GET /graph': 'open-read',
  'GET /services/:name': 'open-read',
  'GET /services/:name/migrations': 'open-read',
  'GET /environments': 'open-read',
  'GET /audit': 'open-read',
  'GET /verdicts/:id': 'open-read',
  'GET /ui/dashboard.HASH.css': 'open-read',
  'GET /ui/dashboard.HASH.js': 'open-read',
};

/** The dashboard's stylesheet and script are named by their content's hash: one row stands for each, whatever the hash. */
export function routeKey(route: string): string {
  return route.replace(/^GET \/ui\/dashboard\.[0-9a-f]+\.(css|js)$/, 'GET /ui/dashboard.HASH.$1');
}

/** A route's URL with its parameters filled: the victim is service `b`, as seen by a stranger or by `a`'s token. */
export function fillRoute(route: string, name = 'b'): { method: string; url: string } {
  const [method = '', pattern = ''] = route.split(' ');
  const values: Record<string, string> = { name, owner: 'acme', repo: name, version: '1.0.0', env: 'production', id: '1' };
  return { method, url: pattern.replace(/:(\w+)/g, (_all, key: string) => values[key] ?? key) };
}

interface BadBody {
  name: string;
  body: Buffer;
  headers: Record<string, string>;
}

const json = (name: string, text: string): BadBody => ({ name, body: Buffer.from(text), headers: { 'content-type': 'application/json' } });
const typed = (name: string, text: string, type: string): BadBody => ({ name, body: Buffer.from(text), headers: { 'content-type': type } });

/** Every bad body kind, each sent to every route (GETs included: a body on a GET is one of them). */
export function listBadBodies(): BadBody[] {
  return [
    json('JSON nested 100,000 arrays deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
    json('JSON nested 20,000 objects deep', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`),
    json('a string of 2 MB', JSON.stringify({ service: 'b', version: 'x'.repeat(2 * 1024 * 1024) })),
    json('__proto__ and constructor keys', '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}},"service":"b"}'),
    json('truncated JSON', '{"service": "b", "vers'),
    json('JSON null', 'null'),
    json('an empty body typed JSON', ''),
    typed('text/plain', 'service=b', 'text/plain'),
    typed('a form', 'service=b&version=1.0.0', 'application/x-www-form-urlencoded'),
    typed('multipart', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n', 'multipart/form-data; boundary=x'),
    typed('a JSON type with a strange charset', '{}', 'application/json; charset=utf-7'),
    {
      name: 'a gzip bomb (64 MB of spaces)',
      body: gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    },
  ];
}

/** Path segments put where the victim's name goes: traversal, escapes, look-alikes and a case twin of `b`, and junk. */
export const ODD_SEGMENTS = ['..', '%2e%2e', 'a%2Fb', '%D0%AC', '%C6%80', 'B', 'b%00', 'b%20', '%FF', 'x'.repeat(1990)];
