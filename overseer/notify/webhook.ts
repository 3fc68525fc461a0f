// Webhooks: the event as JSON, signed with the subscriber's secret, to an allowed host; redirects are not followed.

import { createHash } from 'node:crypto';
import type { WebhookRecord } from '../store/store.js';
import { findAddressProblem } from './address-check.js';
import { findUrlProblem, type WebhookPolicy } from './allowlist.js';
import { DeliveryError, describeNetworkError, isRetryableStatus, readRetryAfter } from './delivery-error.js';
import type { NotificationEvent } from './events.js';
import { signBody } from './signature.js';

export interface WebhookSender {
  send(hook: WebhookRecord, event: NotificationEvent, deliveryKey: string): Promise<void>;
}

export function createWebhookSender(policy: WebhookPolicy, timeoutMs: number): WebhookSender {
  return {
    async send(hook, event, deliveryKey) {
      // The allowlist may have shrunk since the webhook was registered.
      // The name is resolved again: where it points may have changed since (DNS rebinding).
      const problem = findUrlProblem(hook.url, policy) ?? (await findAddressProblem(hook.url));
      if (problem) throw new DeliveryError(`webhook #${hook.id} refused: ${problem}`, { permanent: true });
      const body = JSON.stringify(event);
      let response: Response;
      try {
        response = await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'overseer-webhooks',
            'x-overseer-event': event.type,
            // The same on every retry of this delivery, so a receiver can drop the repeats it already acted on.
            'x-overseer-delivery': createHash('sha256').update(deliveryKey, 'utf8').digest('hex').slice(0, 32),
            'x-overseer-signature-256': signBody(hook.secret, body),
          },
          body,
          // A redirect could lead off the allowlist.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new DeliveryError(`webhook #${hook.id}: ${describeNetworkError(error)}`, { permanent: false, cause: error });
      }
      const text = (await response.text().catch(() => '')).slice(0, 200);
      if (response.status >= 300 && response.status < 400)
        throw new DeliveryError(`webhook #${hook.id} answered a redirect (${response.status}), which is not followed`, { permanent: true });
      if (!response.ok)
        throw new DeliveryError(`webhook #${hook.id} answered ${response.status} ${text}`.trim(), {
          permanent: !isRetryableStatus(response.status),
          retryAfterMs: readRetryAfter(response.headers.get('retry-after')),
        });
    },
  };
}
