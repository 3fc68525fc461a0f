// What the tests of the worker pool's bounds share: the heaviest contract a byte buys (bench/flow-contract.ts), a small
// one, the registry they judge against, a registry of one work thread and its thread held, and a JSON request.

import { expect } from 'vitest';
import { flowContract } from '../../bench/flow-contract.js';
import { type RegistrySession, useRegistry } from '../e2e/registry-session.js';

export { flowContract } from '../../bench/flow-contract.js';

/**
 * A registry with tokens, one work thread and `queue` places per lane, so that a few questions fill a lane. The check
 * that holds the thread is stopped at the work bound; the memory bound is raised so that it is the time bound that stops it.
 */
export function useOneThreadRegistry(name: string, token: string, queue: number): RegistrySession {
  return useRegistry({
    name,
    serveEnv: {
      OVERSEER_ADMIN_TOKEN: token,
      OVERSEER_WORK_THREADS: '1',
      OVERSEER_WORK_QUEUE: String(queue),
      OVERSEER_WORK_TIMEOUT_MS: '6000',
      OVERSEER_WORK_MEMORY_MB: '4096',
    },
  });
}

/** A contract of one operation: what a registry under attack must still take from its own services. */
export const SMALL_CONTRACT = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: { '/users': { get: { responses: { 200: { description: 'ok' } } } } },
});

/**
 * Registers `users` with SMALL_CONTRACT as version 1, deployed in `prod`: what the checks under attack are judged
 * against (with `withWeb`, a consumer of it too). With `token`, the registry's admin token.
 */
export async function seedUsersInProd(base: string, token?: string, withWeb = false): Promise<void> {
  const web = [
    ['PUT', '/v1/services/web', { owners: ['@team'] }],
    ['POST', '/v1/services/web/versions', { version: '1', declarations: [{ consumer: 'web', provider: 'users', uses: [{ operation: 'GET /users' }] }] }],
    ['POST', '/v1/deployments', { service: 'web', version: '1', environment: 'prod' }],
  ] as const;
  for (const [method, path, body] of [
    ['POST', '/v1/environments', { name: 'prod' }],
    ['PUT', '/v1/services/users', { owners: ['@team'] }],
    ['POST', '/v1/services/users/versions', { version: '1', contract: SMALL_CONTRACT, contractFile: 'users.json' }],
    ['POST', '/v1/deployments', { service: 'users', version: '1', environment: 'prod' }],
    ...(withWeb ? web : []),
  ] as const) {
    const answer = await send(base, method, path, body, token);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A JSON request to the registry at `base`, with a bearer token when one is given. */
export async function send(base: string, method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  const headers: Record<string, string> = {
    ...(body !== undefined && { 'content-type': 'application/json' }),
    ...(token && { authorization: `Bearer ${token}` }),
  };
  const answer = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: answer.status, headers: answer.headers, body: (await answer.json()) as Record<string, unknown> };
}

type Lane = 'gate' | 'read';

/** How many tasks of `lane` wait for a worker, as /healthz says. */
export async function waitingIn(base: string, lane: Lane): Promise<number> {
  const health = await send(base, 'GET', '/healthz');
  return (health.body.work as { waiting: Record<Lane, number> }).waiting[lane];
}

/**
 * On a registry of useOneThreadRegistry with `users` in `prod`, its thread up: a check with `token` that holds it for
 * seconds (until the work bound stops it), so that every task after it waits its turn; `leave` sent one at a time until
 * one waits in `lane` (then the check has the thread); then the `flood` at once, and half a second for the registry to
 * take it in. What is asked next meets a lane the flood fills. `check` is the held check's answer, once stopped.
 */
export async function floodWhileHeld(
  base: string,
  token: string,
  lane: Lane,
  leave: () => Promise<void>,
  flood: () => Promise<void>[],
): Promise<{ check: Promise<Answer> }> {
  // A small check first: answered, it says the thread is up. One the work bound stopped in the file's previous test is
  // replaced, and on a loaded machine the held check could otherwise wait for the replacement beside the flood.
  const warm = await send(base, 'POST', '/v1/check', { service: 'users', environment: 'prod', contract: SMALL_CONTRACT, contractFile: 'users.json' }, token);
  expect(warm.status, JSON.stringify(warm.body)).toBe(200);
  const check = send(
    base,
    'POST',
    '/v1/check',
    { service: 'users', environment: 'prod', contract: flowContract(15 * 1024 * 1024), contractFile: 'slow.yaml' },
    token,
  );
  await expect.poll(async () => (await leave(), waitingIn(base, lane)), { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
  await Promise.all(flood());
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { check };
}
