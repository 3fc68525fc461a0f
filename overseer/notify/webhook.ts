// Webhooks: the event as JSON, signed with the subscriber's secret, to an allowed host at the address checked; no redirects.

import { createHash } from 'node:crypto';
import type { WebhookRecord } from '../store/store.js';
import { checkWebhookHost, type Resolve } from './address-check.js';
import { findUrlProblem, type WebhookPolicy } from './allowlist.js';
import { DeliveryError, describeNetworkError, isRetryableStatus, readRetryAfter } from './delivery-error.js';
import type { NotificationEvent } from './events.js';
import { type PostResult, postPinned } from './pinned-post.js';
import { SIGNATURE_HEADER, signBody } from './signature.js';

export interface WebhookSender {
  send(hook: WebhookRecord, event: NotificationEvent, deliveryKey: string): Promise<void>;
}

/** `resolve` is how host names are looked up: once per delivery, and the connection goes to the address it checked. */
export function createWebhookSender(policy: WebhookPolicy, timeoutMs: number, resolve?: Resolve): WebhookSender {
  return {
    async send(hook, event, deliveryKey) {
      // The allowlist may have shrunk since the webhook was registered.
      const problem = findUrlProblem(hook.url, policy);
      if (problem) throw new DeliveryError(`webhook #${hook.id} refused: ${problem}`, { permanent: true });
      // The name is resolved again (where it points may have changed since it was registered), and the delivery connects
      // to the address checked now: a second lookup could answer otherwise (DNS rebinding).
      const host = await checkWebhookHost(hook.url, resolve);
      if ('problem' in host) throw new DeliveryError(`webhook #${hook.id} refused: ${host.problem}`, { permanent: !host.unresolved });
      const body = JSON.stringify(event);
      let response: PostResult;
      try {
        response = await postPinned(hook.url, {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'overseer-webhooks',
            'x-overseer-event': event.type,
            // The same on every retry of this delivery, so a receiver can drop the repeats it already acted on.
            'x-overseer-delivery': createHash('sha256').update(deliveryKey, 'utf8').digest('hex').slice(0, 32),
            [SIGNATURE_HEADER]: signBody(hook.secret, body),
          },
          body,
          timeoutMs,
          ...(host.pinned && { pinned: host.pinned }),
        });
      } catch (error) {
        throw new DeliveryError(`webhook #${hook.id}: ${describeNetworkError(error)}`, { permanent: false, cause: error });
      }
      // A redirect could lead off the allowlist: it is never followed.
      if (response.status >= 300 && response.status < 400)
        throw new DeliveryError(`webhook #${hook.id} answered a redirect (${response.status}), which is not followed`, { permanent: true });
      if (response.status < 200 || response.status >= 300)
        throw new DeliveryError(`webhook #${hook.id} answered ${response.status} ${response.text}`.trim(), {
          permanent: !isRetryableStatus(response.status),
          retryAfterMs: readRetryAfter(response.retryAfter),
        });
    },
  };
}
