// A token that is unknown or revoked, sent with a read: it was read on as anonymous everywhere but check and
// can-i-deploy, so a CI job whose token had been revoked went on reading and nobody learnt it. Over real HTTP, on every
// route /openapi.json lists, /healthz and the dashboard's pages, in a real browser too.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, startRegistryHere } from '../e2e/in-process.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../helpers/chromium.js';

const ADMIN = 'admin-token-for-wrong-token-tests';
const DASHBOARD_PAGES = ['/', '/graph', '/environments', '/audit', '/services/users-service', '/services/users-service/migrations'];

let dir: string;
let registry: RegistryHere;
let browser: Browser;
let revoked: string;
let valid: string;

async function send(method: string, url: string, authorization?: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { ...(authorization && { authorization }), ...(body !== undefined && { 'content-type': 'application/json' }) };
  return fetch(new URL(url, registry.url), { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
}

async function issue(name: string): Promise<string> {
  const answer = await send('POST', '/v1/tokens', `Bearer ${ADMIN}`, { name, service: 'users-service' });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { token: string }).token;
}

/** Every operation of /openapi.json, its path parameters filled with `x`. */
async function listOperations(): Promise<{ method: string; url: string }[]> {
  const document = (await (await send('GET', '/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([route, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), url: route.replace(/\{[^}]+\}/g, 'x') })),
  );
}

/** The error code: `code`, or for OTLP's google.rpc.Status (whose `code` is gRPC's number) the message's first word. */
async function readCode(answer: Response): Promise<string> {
  const body = (await answer.json()) as { code?: unknown; message?: string };
  return typeof body.code === 'string' ? body.code : (body.message?.split(':')[0] ?? '');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-wrong-token-'));
  registry = await startRegistryHere(path.join(dir, 'registry.db'), { OVERSEER_ADMIN_TOKEN: ADMIN });
  expect((await send('PUT', '/v1/services/users-service', `Bearer ${ADMIN}`, { owners: ['@acme/users'] })).status).toBe(201);
  revoked = await issue('old-ci');
  valid = await issue('users-ci');
  expect((await send('DELETE', '/v1/tokens/old-ci', `Bearer ${ADMIN}`)).status).toBeLessThan(300);
  browser = await launchChromium();
}, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await browser?.close();
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a revoked or unknown token sent with a read', { timeout: 120_000 }, () => {
  it('is refused 401 ERR_TOKEN_REJECTED on every route of the API and on /healthz', async () => {
    const operations = await listOperations();
    expect(operations.length).toBeGreaterThan(30);
    const answers: string[] = [];
    for (const { method, url } of operations) {
      for (const token of [revoked, 'ovs_never-issued-here']) {
        const body = method === 'GET' || method === 'DELETE' ? undefined : {};
        const answer = await send(method, url, `Bearer ${token}`, body);
        answers.push(`${method} ${url}: ${answer.status} ${await readCode(answer)}`);
      }
    }
    expect(answers.filter((line) => !line.endsWith(': 401 ERR_TOKEN_REJECTED'))).toEqual([]);
    expect(operations.map((o) => `${o.method} ${o.url}`)).toEqual(expect.arrayContaining(['GET /healthz', 'GET /v1/services', 'GET /v1/services/x']));
  });

  it('is refused on every dashboard page with a page that says why', async () => {
    for (const page of DASHBOARD_PAGES) {
      const answer = await send('GET', page, `Bearer ${revoked}`);
      expect(answer.status, page).toBe(401);
      expect(await answer.text(), page).toContain('ERR_TOKEN_REJECTED: the token was revoked (at ');
    }
  });

  it('leaves the same reads open without a token, with a valid token, and with a proxy’s Basic credentials', async () => {
    for (const url of ['/healthz', '/v1/services', '/v1/services/users-service', ...DASHBOARD_PAGES]) {
      for (const authorization of [undefined, `Bearer ${valid}`, 'Basic dXNlcjpwYXNzd29yZA==']) {
        expect((await send('GET', url, authorization)).status, `${url} with ${authorization ?? 'nothing'}`).toBe(200);
      }
    }
  });

  it('still refuses a write sent with Basic credentials alone, saying what the header must be', async () => {
    const answer = await send('PUT', '/v1/services/users-service', 'Basic dXNlcjpwYXNzd29yZA==', { owners: ['@evil'] });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({
      code: 'ERR_TOKEN_REJECTED',
      message: 'the Authorization header holds "Basic" credentials, and this request needs a token: send "Bearer <token>" (--token, OVERSEER_TOKEN)',
    });
  });
});

describe('the dashboard in a browser', { timeout: 120_000 }, () => {
  /** The page's status, title, and the statuses of the stylesheet and script it loaded. */
  async function visit(headers: Record<string, string>): Promise<{ status?: number; heading: string; assets: number[] }> {
    const context = await browser.newContext({ baseURL: registry.url, extraHTTPHeaders: headers });
    const page = await context.newPage();
    const assets: number[] = [];
    page.on('response', (response) => {
      if (/\.(?:css|js)(?:\?|$)/.test(response.url())) assets.push(response.status());
    });
    const status = (await page.goto('/services/users-service', { waitUntil: 'load' }))?.status();
    const heading = (await page.locator('h1').first().textContent())?.trim() ?? '';
    await context.close();
    return { status, heading, assets };
  }

  it('loads a page, its stylesheet and its script behind a proxy’s Basic credentials', async () => {
    const seen = await visit({ authorization: 'Basic dXNlcjpwYXNzd29yZA==' });
    expect(seen.status).toBe(200);
    expect(seen.heading).toContain('users-service');
    expect(seen.assets.length).toBeGreaterThanOrEqual(2);
    expect(seen.assets.every((status) => status === 200)).toBe(true);
  });

  it('shows a revoked token’s refusal as a page', async () => {
    const seen = await visit({ authorization: `Bearer ${revoked}` });
    expect(seen).toMatchObject({ status: 401, heading: 'Token refused' });
  });
});
