// A careless Authorization header (an empty secret after "Bearer ", a pasted line, a token without its scheme, a
// proxy's Basic credentials on a write) is refused 401 with words that name what is wrong, over real HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, startRegistryHere } from '../e2e/in-process.js';

const ADMIN = 'admin-token-for-malformed-authorization';

let dir: string;
let registry: RegistryHere;

async function refusal(method: string, url: string, authorization: string): Promise<{ status: number; body: unknown }> {
  const answer = await fetch(new URL(url, registry.url), {
    method,
    headers: { authorization, ...(method === 'PUT' && { 'content-type': 'application/json' }) },
    ...(method === 'PUT' && { body: JSON.stringify({ owners: ['@acme/users'] }) }),
  });
  return { status: answer.status, body: await answer.json() };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-malformed-authorization-'));
  registry = await startRegistryHere(path.join(dir, 'registry.db'), { OVERSEER_ADMIN_TOKEN: ADMIN });
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a malformed Authorization header', { timeout: 60_000 }, () => {
  it('"Bearer " with no token says the token is missing after Bearer, on a read and on a write', async () => {
    for (const [method, url] of [
      ['GET', '/v1/services'],
      ['PUT', '/v1/services/users-service'],
    ]) {
      for (const header of ['Bearer ', 'Bearer', 'bearer    ']) {
        expect(await refusal(method, url, header), `${method} ${url} "${header}"`).toEqual({
          status: 401,
          body: { code: 'ERR_TOKEN_REJECTED', message: 'the Authorization header says "Bearer" and no token after it: is --token or OVERSEER_TOKEN empty?' },
        });
      }
    }
  });

  it('a token with spaces in it says how many words came after Bearer', async () => {
    expect(await refusal('GET', '/v1/services', `Bearer ${ADMIN} extra words`)).toEqual({
      status: 401,
      body: {
        code: 'ERR_TOKEN_REJECTED',
        message: 'the Authorization header has 3 words after "Bearer" and a token is one: send "Bearer <token>" with the token alone',
      },
    });
  });

  it('another scheme on a write names the scheme and what the request needs', async () => {
    expect(await refusal('PUT', '/v1/services/users-service', 'Basic dXNlcjpwYXNzd29yZA==')).toEqual({
      status: 401,
      body: {
        code: 'ERR_TOKEN_REJECTED',
        message: 'the Authorization header holds "Basic" credentials, and this request needs a token: send "Bearer <token>" (--token, OVERSEER_TOKEN)',
      },
    });
  });

  it('a token sent without "Bearer " is told to add the scheme and is not echoed back', async () => {
    const answer = await refusal('PUT', '/v1/services/users-service', ADMIN);
    expect(answer).toEqual({
      status: 401,
      body: {
        code: 'ERR_TOKEN_REJECTED',
        message: 'the Authorization header has no scheme: send "Bearer <token>", the word Bearer and a space before the token',
      },
    });
    expect(JSON.stringify(answer.body)).not.toContain(ADMIN);
  });
});
