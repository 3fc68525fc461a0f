// A waiver sent as raw JSON with a key the registry does not know (`consumr`) is refused naming the key it most likely
// meant, as the CLI names it for a waivers file: "must NOT have additional properties" named neither the key nor the one
// meant, and the key dropped here (a consumer) is the one that narrows what the waiver accepts.
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
  rule: 'response-optional-property-removed',
  operation: 'GET /users/{id}',
  reason: 'web stops showing the e-mail',
  expires: '2999-12-31',
  file: 'waivers.yaml',
  line: 4,
  ...more,
});
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
