// Webhook signatures: HMAC-SHA256 of the exact body with the subscriber's secret, as `sha256=<hex>`.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a webhook's signature travels in, which receivers read (README, webhooks). */
export const SIGNATURE_HEADER = 'x-overseer-signature-256';

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time. */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signBody(secret, body), 'utf8');
  const given = Buffer.from(header, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
