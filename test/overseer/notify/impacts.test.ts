// A consumer's loss said once in a message, when the change names the field by its schema: a change to a schema several
// operations share names the property `User.email`, and the consumer's miss (`field-missing`, field `email`) was then
// listed again under it, as a second thing that breaks.

import { describe, expect, it } from 'vitest';
import type { VerdictReason } from '../../../contracts/model.js';
import type { NotificationEvent } from '../../../overseer/notify/events.js';
import { groupImpacts } from '../../../overseer/notify/impacts.js';
import { buildSlackMessage } from '../../../overseer/notify/slack-message.js';

const who = { consumer: 'checkout-web', consumerVersion: '1.0.0', provider: 'users-service', providerVersion: '2.0.0' };

/** The gate's two reasons for the README walkthrough's removal of `email` from the User schema three operations share. */
function reasonsFor(field: string): VerdictReason[] {
  const removed = `response property \`${field}\` was removed (it was optional)`;
  return [
    {
      ...who,
      code: 'breaks-consumer',
      severity: 'error',
      message: `users-service 2.0.0 would break checkout-web 1.0.0: GET /users/{id}: ${removed}`,
      changes: [
        {
          id: 'response-optional-property-removed',
          level: 'warning',
          operation: 'GET /users/{id}',
          location: '/components/schemas/User/properties/email',
          side: 'base',
          message: removed,
          // As the engine names it: the property's own name, not its schema's.
          target: { kind: 'response', field: field.split('.').at(-1)! },
        },
      ],
    },
    {
      ...who,
      code: 'field-missing',
      severity: 'error',
      operation: 'GET /users/{id}',
      field: 'email',
      message: 'GET /users/{id} of users-service does not return `email`, which checkout-web reads',
    },
  ];
}

function slackLinesOf(reasons: VerdictReason[]): string[] {
  const impacts = groupImpacts([{ where: 'production', reasons, running: '1.0.0' }]);
  const event: NotificationEvent = {
    schemaVersion: 2,
    id: 'version.breaking/users-service/2.0.0',
    type: 'version.breaking',
    occurredAt: '2030-01-01T00:00:00.000Z',
    headline: 'users-service 2.0.0 would break checkout-web',
    service: 'users-service',
    version: '2.0.0',
    impacts,
    services: {},
    url: 'https://overseer.example.com/services/users-service?from=1.0.0&to=2.0.0',
  };
  const blocks = buildSlackMessage(event).blocks as Array<{ type: string; text?: { text: string } }>;
  const section = blocks.find((b) => b.type === 'section' && /checkout-web/.test(b.text?.text ?? ''));
  return section!.text!.text.split('\n').filter((line) => line.startsWith('• '));
}

describe('the things that break for a consumer, in a message', () => {
  it('lists a removal named by its schema once, without the consumer’s miss of the same field', () => {
    expect(slackLinesOf(reasonsFor('User.email'))).toEqual([
      '• `GET /users/{id}` response property `User.email` was removed (it was optional) _(response-optional-property-removed)_',
    ]);
  });

  it('lists a removal named by the field alone once, as before', () => {
    expect(slackLinesOf(reasonsFor('email'))).toEqual([
      '• `GET /users/{id}` response property `email` was removed (it was optional) _(response-optional-property-removed)_',
    ]);
  });

  it('keeps the miss when the removal is of another field of the same name’s ending', () => {
    expect(slackLinesOf(reasonsFor('User.backupemail'))).toHaveLength(2);
  });
});
