// A small registry through the HTTP API: users-service with checkout-web and billing-worker using it.

import { BILLING_MANIFEST, CHECKOUT_MANIFEST, USERS_V1 } from './fixtures.js';
import type { Harness } from './harness.js';

async function expectOk(response: Promise<{ statusCode: number; body: string }>): Promise<void> {
  const res = await response;
  if (res.statusCode >= 300) throw new Error(`seeding failed: ${res.statusCode} ${res.body}`);
}

export async function seedRegistry(h: Harness, token?: string): Promise<void> {
  for (const name of ['users-service', 'checkout-web', 'billing-worker']) {
    await expectOk(h.send('PUT', `/v1/services/${name}`, { owners: [`@acme/${name}`] }, token));
  }
  await expectOk(h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', branch: 'main', contract: USERS_V1 }, token));
  await expectOk(h.send('POST', '/v1/services/checkout-web/versions', { version: '1.0.0', branch: 'main', manifest: CHECKOUT_MANIFEST }, token));
  await expectOk(h.send('POST', '/v1/services/billing-worker/versions', { version: '1.0.0', branch: 'main', manifest: BILLING_MANIFEST }, token));
  for (const name of ['production', 'staging']) await expectOk(h.send('POST', '/v1/environments', { name }, token));
}

export async function deployAll(h: Harness, environment: string, token?: string): Promise<void> {
  for (const name of ['users-service', 'checkout-web', 'billing-worker']) {
    await expectOk(h.send('POST', '/v1/deployments', { service: name, version: '1.0.0', environment }, token));
  }
}
