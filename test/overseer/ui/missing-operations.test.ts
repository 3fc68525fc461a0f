// A consumer declaring an operation the provider's contract does not have (`GET /user/{id}` for `/users/{userId}`) is
// one the gate refuses (operation-missing). `overseer consumers` says "not in users-service 1.0.0" beside it; the
// service page showed the operation as written with nothing said, as if it were an ordinary use. It now says the same.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, publishPairToProduction, startHarness } from '../routes/harness.js';

const USERS_V1 = readFileSync(new URL('../../fixtures/observe/users.v1.yaml', import.meta.url), 'utf8');
const WEB_APP = 'service: web-app\nowners: ["@acme/web"]\nconsumes:\n  users-service:\n    - GET /user/{id}\n    - getUser\n    - deleteUser\n';

let h: Harness;
afterEach(() => h?.close());

/** Each row of web-app's table on the users-service page, tags dropped. */
async function rowsOf(url: string): Promise<string[]> {
  const res = await h.app.inject({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  const block = /<li class="usage" data-consumer="web-app">([\s\S]*?)<\/li>/.exec(res.body);
  expect(block).not.toBeNull();
  return block![1]
    .split('<tr')
    .slice(2)
    .map((row) =>
      row
        .replace(/^[^>]*>/, '')
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
}

describe("the provider's page, where a consumer declares operations its contract lacks", () => {
  it('marks each of them "not in" the version read, as overseer consumers does, and leaves the others unmarked', async () => {
    h = await startHarness();
    await publishPairToProduction(h, USERS_V1, WEB_APP);
    for (const url of ['/services/users-service', '/services/users-service?environment=production']) {
      expect(await rowsOf(url)).toEqual([
        // No trace was sent: the operations written as METHOD /path are marked never observed as well.
        'GET /user/{id} not in users-service 1.0.0 declared, never observed the whole operation',
        'GET /users/{userId} getUser declared, never observed the whole operation',
        'deleteUser not in users-service 1.0.0 the whole operation',
      ]);
    }
  });
});
