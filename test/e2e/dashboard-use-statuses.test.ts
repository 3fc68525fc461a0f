// The service page, in headless Chromium, lists what each consumer declares field by field: a use that reads the
// 404's body (`statuses: [404]`) or bodies of one media type only showed as a use of the success response in any type,
// so the provider's owner could not see that removing the 404 or its JSON breaks that consumer. Its two declarations of
// one operation were then two rows, where `overseer usage` lists one use with both statuses: the page now says the same.

import { describe, expect, it } from 'vitest';
import { useChromium } from '../helpers/use-chromium.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { usersReadAndWritten } from './users-statuses.js';

const USERS = usersReadAndWritten();

const WEB_USES = [
  '  users-service:',
  '    - operation: GET /users/{id}',
  '      response: [id]',
  '    - operation: GET /users/{id}',
  '      statuses: [404]',
  '      response: [message]',
  '      response_media_types: [application/json]',
  '    - operation: PUT /users/{id}',
  '      request: [name]',
  '      request_media_types: [application/json]',
].join('\n');

const session = useRegistry({ name: 'dashboard-use-statuses', setup: [['environment', 'create', 'production']] });
const { publish, deploy } = gateStepsOf(session);

const browser = useChromium();

describe("the provider's service page, where a consumer reads an error's body", { timeout: 120_000 }, () => {
  it('shows one row per operation, each declaration its statuses and media types beside its fields, and nothing on a plain use', async () => {
    await publish('users-service', '1.0.0', { contract: USERS });
    await deploy('users-service', '1.0.0');
    await publish('web', '1.0.0', { consumes: WEB_USES });
    await deploy('web', '1.0.0');

    const page = await browser().newPage({ baseURL: session.registry.url });
    const response = await page.goto('/services/users-service?environment=production', { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const rows = await page.locator('li.usage[data-consumer="web"] tbody tr').all();
    const cells = await Promise.all(rows.map(async (row) => (await row.locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())));
    expect(cells).toEqual([
      // No trace was sent: every declared use is marked never observed.
      ['GET /users/{id} getUser declared, never observed', 'none', 'none', 'id (on 2XX) message (on 404; read as application/json)'],
      ['PUT /users/{id} declared, never observed', 'none', 'name (sent as application/json)', 'none'],
    ]);
    // The response cell keeps each declaration on a line of its own.
    expect(await rows[0].locator('td').nth(3).locator('br').count()).toBe(1);
    // The CLI says the same of the operation: one use, both statuses.
    const usage = await session.cli('usage', '--service', 'users-service', '--as-provider', '--environment', 'production');
    expect(usage.stdout).toContain('    GET /users/{id}: declared (on 2XX, 404), never observed\n');
    await page.close();
  });
});
