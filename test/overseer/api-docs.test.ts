// docs/API.md against the registry's own document: a reader looking for a route finds every one the registry answers,
// and none it no longer does.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { type Harness, startHarness } from './routes/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

describe('docs/API.md', () => {
  it('lists every route of GET /openapi.json, and only those', async () => {
    const answer = await harness.send('GET', '/openapi.json');
    expect(answer.statusCode).toBe(200);
    const paths: Record<string, Record<string, unknown>> = answer.json().paths;
    const served = Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    const page = readFileSync(`${REPO_ROOT}/docs/API.md`, 'utf8');
    const listed = [...page.matchAll(/^\| `([A-Z]+ \/[^`]*)`/gm)].map((m) => m[1]!);
    expect({ missing: served.filter((r) => !listed.includes(r)), gone: listed.filter((r) => !served.includes(r)) }).toEqual({ missing: [], gone: [] });
    expect(served.length).toBeGreaterThan(30);
  });

  it('says of each route the token its `security` in GET /openapi.json asks for', async () => {
    const paths: Record<string, Record<string, { security?: object[] }>> = (await harness.send('GET', '/openapi.json')).json().paths;
    const page = readFileSync(`${REPO_ROOT}/docs/API.md`, 'utf8');
    const column = new Map([...page.matchAll(/^\| `([A-Z]+ \/[^`]*)` \| ([^|]*) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]));
    // A token alone (`token`, `ingest token`), a token or nothing (`optional`), or no security (blank).
    const said = (security?: object[]) => (security === undefined ? '' : security.some((s) => Object.keys(s).length === 0) ? 'optional' : 'token');
    const rows = Object.entries(paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path}: ${said(op.security)}`),
    );
    const listed = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => {
        const route = `${method.toUpperCase()} ${path}`;
        return `${route}: ${(column.get(route) ?? '').replace(/^ingest token$/, 'token')}`;
      }),
    );
    expect(listed).toEqual(rows);
    expect(rows.filter((r) => r.endsWith(': optional')).length).toBeGreaterThan(0);
  });
});
