// A mistyped or truncated dashboard link (`/servics`, `/service/users-service`) opened in a browser: the registry
// answered its API's JSON error, which leaves a person with no way back. A browser now gets a page that names the
// address and links every page; the API and clients that ask for JSON keep the JSON error.

import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../routes/harness.js';

// What Chromium sends when a person opens a link.
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

let h: Harness;
afterEach(() => h?.close());

describe('an address the dashboard does not have', () => {
  it('opened in a browser, is a page saying so, with links to every page', async () => {
    h = await startHarness();
    const res = await h.app.inject({ method: 'GET', url: '/service/users-service?environment=production', headers: { accept: BROWSER } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<title>No such page · Overseer</title>');
    expect(res.body).toContain('No page of the dashboard is at /service/users-service.');
    for (const link of ['href="/"', 'href="/graph"', 'href="/environments"', 'href="/audit"']) expect(res.body).toContain(link);
    // The address is the visitor's text: written as text, never as markup.
    const hostile = await h.app.inject({ method: 'GET', url: '/%3Cscript%3Ealert(1)%3C/script%3E', headers: { accept: BROWSER } });
    expect(hostile.statusCode).toBe(404);
    expect(hostile.body).not.toMatch(/<script>alert/);
  });

  it('keeps the API error for the API, and for clients that do not ask for a page', async () => {
    h = await startHarness();
    const api = await h.app.inject({ method: 'GET', url: '/v1/servics', headers: { accept: BROWSER } });
    expect([api.statusCode, api.json()]).toEqual([404, { code: 'ERR_ROUTE_UNKNOWN', message: 'no route GET /v1/servics' }]);
    const curl = await h.app.inject({ method: 'GET', url: '/servics', headers: { accept: '*/*' } });
    expect([curl.statusCode, curl.json().code]).toEqual([404, 'ERR_ROUTE_UNKNOWN']);
    const post = await h.app.inject({ method: 'POST', url: '/servics', headers: { accept: BROWSER } });
    expect([post.statusCode, post.json().code]).toEqual([404, 'ERR_ROUTE_UNKNOWN']);
  });
});
