// Waits until the registry has written the spans a test posted, read from GET /v1/services/{name}/usage over HTTP:
// the tests polled a CLI command's text for 20 s, a deadline a loaded machine could pass; the count read here is what
// the flush changes, and the CLI's words are then asserted once.
import type { UsageListing } from '../../contracts/index.js';

/** A hang guard, not a speed: the flush takes 100 ms in these tests; the test's own timeout ends a wait first. */
const GUARD_MS = 120_000;

/**
 * Resolves with the listing once `ready` holds of `service`'s usage (asProvider: who calls it) in `environment`;
 * asks every 50 ms.
 */
export async function waitForUsage(
  registryUrl: string,
  where: { service: string; environment?: string; asProvider?: boolean },
  ready: (listing: UsageListing) => boolean,
): Promise<UsageListing> {
  const query = new URLSearchParams({ ...(where.environment && { environment: where.environment }), ...(where.asProvider && { asProvider: 'true' }) });
  const url = `${registryUrl}/v1/services/${where.service}/usage?${query}`;
  const deadline = Date.now() + GUARD_MS;
  let last = '';
  for (;;) {
    const answer = await fetch(url);
    last = await answer.text();
    if (answer.ok) {
      const listing = JSON.parse(last) as UsageListing;
      if (ready(listing)) return listing;
    }
    if (Date.now() > deadline) throw new Error(`usage of ${where.service} never became ready within ${GUARD_MS / 1000} s; last answer: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Once `consumer` is among the callers of `provider` that the registry has written (in `environment`, when given). */
export function waitForCaller(registryUrl: string, provider: string, consumer: string, environment?: string): Promise<UsageListing> {
  return waitForUsage(registryUrl, { service: provider, environment, asProvider: true }, (listing) =>
    listing.uses.some((use) => use.consumer === consumer && use.observed),
  );
}
