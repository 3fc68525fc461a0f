// The gate states a consumer's loss twice (the removal that breaks it, and the field it then misses); the CLI and the
// verdict page fold the repeat and say "1 blocking reason", but the environments page listed both sentences and the
// audit page both codes (`breaks-consumer, field-missing`) for the same refusal. Every page now counts as the CLI does.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';

const USERS = 'examples/users-service';
let dir: string;
let registry: RegistryHere;
let refusal: string;

const cli = async (...args: string[]) => {
  const r = await runCliHere(args, { env: { OVERSEER_URL: registry.url } });
  return r;
};

/** A page's text, tags dropped and spaces squeezed. */
async function textOf(page: string): Promise<string> {
  const answer = await fetch(registry.url + page);
  expect(answer.status).toBe(200);
  return (await answer.text()).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-folded-reasons-'));
  registry = await startRegistryHere(path.join(dir, 'registry.db'));
  const steps = [
    ['publish', '--manifest', `${USERS}/overseer.yaml`, '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production'],
    ['publish', '--manifest', `${USERS}/overseer.yaml`, '--contract', `${USERS}/openapi.v2.yaml`, '--version', '2.0.0'],
  ];
  for (const step of steps) expect((await cli(...step)).code, step.join(' ')).toBe(0);
  const asked = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production');
  expect(asked.code).toBe(1);
  refusal = asked.stdout;
}, 120_000);
afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a refusal whose removal takes away a field a consumer reads', { timeout: 60_000 }, () => {
  it('is one reason in the CLI, on the audit page and on the environments page', async () => {
    expect(refusal).toContain('NOT DEPLOYABLE: users-service 2.0.0 to production (1 blocking reason)');
    const audit = await textOf('/audit');
    expect(audit).toContain('refused users-service 2.0.0 production breaks-consumer anonymous');
    expect(audit).not.toContain('field-missing');
    const environments = await textOf('/environments');
    expect(environments).toContain('refused 2.0.0 : breaks-consumer');
    expect(environments).toContain('users-service 2.0.0 would break checkout-web 1.0.0');
    expect(environments).not.toContain('field-missing');
    expect(environments).not.toContain('does not return `email`');
  });
});
