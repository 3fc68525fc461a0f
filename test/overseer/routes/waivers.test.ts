// Waivers sent with a publication or a check are held to what the CLI holds a waivers file to: one naming a gate reason
// code without a consumer would be kept and match nothing, so it is refused where it is written, and nothing is stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { USERS_V1 } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await h.send('PUT', '/v1/services/users-service', { owners: ['@acme/users'] });
});
afterEach(() => h.close());

const waiver = (more: Record<string, unknown>) => ({
  rule: 'field-missing',
  operation: 'GET /users/{id}',
  field: 'nickname',
  reason: 'admin-ui drops nickname in 3.1',
  expires: '2999-12-31',
  file: 'waivers.yaml',
  line: 4,
  ...more,
});
const NO_CONSUMER =
  'waivers[1] (waivers.yaml:4): a field-missing waiver needs a consumer, the service whose use it accepts (add a line like "consumer: checkout-web"): without one it matches nothing';

describe('waivers sent to the registry', () => {
  it('refuses a publication whose gate-reason waiver names no consumer (400), and stores nothing of it', async () => {
    const good = { ...waiver({ consumer: 'admin-ui' }), line: 1 };
    const res = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, waivers: [good, waiver({})] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'ERR_WAIVER_INVALID', message: NO_CONSUMER });
    expect(await h.store.getVersion('users-service', '1.0.0')).toBeUndefined();

    const fixed = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, waivers: [good] });
    expect(fixed.statusCode).toBe(201);
    expect((await h.store.getVersion('users-service', '1.0.0'))?.waivers).toEqual([good]);
  });

  it('keeps a waiver by a rule id without a consumer: it accepts the change for every consumer', async () => {
    const byRule = waiver({ rule: 'api-path-removed-without-deprecation', field: undefined });
    const res = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, waivers: [byRule] });
    expect(res.statusCode).toBe(201);
  });

  it('keeps an operation-missing waiver naming an operationId, and refuses an operationId under any other rule', async () => {
    const byId = waiver({ rule: 'operation-missing', operation: 'cancelOrder', field: undefined, consumer: 'shop' });
    const wrong = { ...byId, rule: 'api-path-removed-without-deprecation', line: 9 };
    const refused = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, waivers: [byId, wrong] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      code: 'ERR_WAIVER_INVALID',
      message: 'waivers[1] (waivers.yaml:9): operation "cancelOrder" must be "METHOD /path" (like "GET /users/{id}") or "*"',
    });
    const kept = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, waivers: [byId] });
    expect(kept.statusCode).toBe(201);
    expect((await h.store.getVersion('users-service', '1.0.0'))?.waivers).toEqual([JSON.parse(JSON.stringify(byId))]);
  });

  it('refuses the same waiver sent with a check', async () => {
    const res = await h.send('POST', '/v1/check', {
      service: 'users-service',
      contract: USERS_V1,
      waivers: [waiver({ rule: 'deployed-contract-unknown', operation: '*' })],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'ERR_WAIVER_INVALID',
      message: expect.stringContaining('waivers[0] (waivers.yaml:4): a deployed-contract-unknown waiver needs a consumer'),
    });
  });
});

// A key the registry does not know (`consumr`) is named with the one most likely meant, as the CLI names it in a waivers
// file: "must NOT have additional properties" named neither, and the key dropped (a consumer) narrows what a waiver accepts.
const KEYS = 'A waiver has rule, operation, consumer, field, reason, expires, file, line';

describe('a waiver with an unknown key, sent as JSON', () => {
  it('is refused by publish (400) naming the key meant, and nothing is stored', async () => {
    const good = waiver({ consumer: 'web' });
    const res = await h.send('POST', '/v1/services/users-service/versions', {
      version: '1.0.0',
      contract: USERS_V1,
      waivers: [good, waiver({ consumr: 'web' })],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      code: 'ERR_REQUEST_INVALID',
      message: `invalid request: body/waivers/1: unknown key "consumr": did you mean consumer? ${KEYS}`,
    });
    expect(await h.store.getVersion('users-service', '1.0.0')).toBeUndefined();
  });

  it('is refused by check (POST /v1/check) alike; a key nothing resembles is named with the keys there are', async () => {
    const res = await h.send('POST', '/v1/check', {
      service: 'users-service',
      environment: 'production',
      contract: USERS_V1,
      waivers: [waiver({ expiry: '2999-12-31' })],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(`invalid request: body/waivers/0: unknown key "expiry": did you mean expires? ${KEYS}`);
    const odd = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, waivers: [waiver({ colour: 'red' })] });
    expect(odd.json().message).toBe(
      `invalid request: body/waivers/0: unknown key "colour": a waiver has rule, operation, consumer, field, reason, expires, file, line`,
    );
  });
});
