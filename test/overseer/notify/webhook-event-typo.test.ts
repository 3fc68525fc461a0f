// Subscribing a webhook to a misspelled event (`version.breakng`) was refused with "must be equal to one of the
// allowed values", naming none of them: the admin went to the README to find the spelling. The answer lists them.

import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../overseer/notify/events.js';
import { ADMIN_TOKEN, type Harness, startHarness } from '../routes/harness.js';

let h: Harness;
afterEach(() => h?.close());

describe('POST /v1/webhooks with an event the registry does not send', () => {
  it('is a 400 that lists the events it sends', async () => {
    h = await startHarness({ adminToken: ADMIN_TOKEN, env: { OVERSEER_WEBHOOK_ALLOWED_HOSTS: 'hooks.acme.com' } });
    const body = { url: 'https://hooks.acme.com/overseer', events: ['version.breakng'], secret: 'at-least-16-characters' };
    const res = await h.send('POST', '/v1/webhooks', body, ADMIN_TOKEN);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'ERR_REQUEST_INVALID', message: `invalid request: body/events/0 must be one of *, ${EVENT_TYPES.join(', ')}` });
    expect(EVENT_TYPES).toContain('version.breaking');
  });
});
