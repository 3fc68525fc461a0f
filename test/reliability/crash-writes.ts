// The client side of the crash loop: a stream of publications and deployments, and a ledger of what the
// registry acknowledged (2xx), what was in flight when it died, and anything else it answered.

import type { Declaration } from '../../contracts/model.js';

export const PROVIDERS = ['users-service', 'orders-service', 'stock-service'] as const;
export const CONSUMERS = ['checkout-web', 'billing-worker', 'mobile-bff'] as const;
export const ENVIRONMENTS = ['production', 'staging'] as const;

export interface PublishWrite {
  kind: 'publish';
  service: string;
  version: string;
  /** JSON text, so that the test can compute the hash the registry must hold. */
  contract?: string;
  declarations: Declaration[];
}

export interface DeployWrite {
  kind: 'deploy';
  service: string;
  version: string;
  environment: string;
}

export type Write = PublishWrite | DeployWrite;

export interface Ledger {
  acknowledged: Write[];
  /** Sent, but the server died before answering: it may or may not have happened. */
  uncertain: Write[];
  /** Any other answer (4xx, 5xx): must stay empty. */
  refused: string[];
}

/** mulberry32: a small seeded generator, so that a failing loop can be replayed with OVERSEER_CRASH_SEED. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A provider's contract: every version keeps `id` and `name`; a breaking one drops `status`, which consumers read. */
export function buildProviderContract(service: string, version: string, breaking: boolean): string {
  const properties: Record<string, unknown> = { id: { type: 'string' }, name: { type: 'string' }, [`v${version.replace(/\W/g, '_')}`]: { type: 'string' } };
  if (!breaking) properties.status = { type: 'string' };
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: service, version },
    paths: {
      '/items/{id}': {
        get: {
          operationId: 'getItem',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'an item', content: { 'application/json': { schema: { type: 'object', properties } } } } },
        },
      },
    },
  });
}

export function declareConsumerUses(consumer: string): Declaration[] {
  return PROVIDERS.map((provider) => ({ consumer, provider, uses: [{ operation: 'GET /items/{id}', response: ['id', 'name', 'status'] }] }));
}

/** The next write of the stream: mostly new provider versions (one in four breaking), some consumer versions, some deployments. */
export function createWriteSource(random: () => number, ledger: Ledger): () => Write {
  let counter = 0;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return () => {
    const roll = random();
    const published = ledger.acknowledged.filter((w): w is PublishWrite => w.kind === 'publish');
    if (roll < 0.25 && published.length > 0) {
      const target = pick(published);
      return { kind: 'deploy', service: target.service, version: target.version, environment: pick(ENVIRONMENTS) };
    }
    const version = `1.${++counter}.0`;
    if (roll < 0.45) {
      const service = pick(CONSUMERS);
      return { kind: 'publish', service, version, declarations: declareConsumerUses(service) };
    }
    const service = pick(PROVIDERS);
    return { kind: 'publish', service, version, contract: buildProviderContract(service, version, random() < 0.25), declarations: [] };
  };
}

type SendOutcome = 'acknowledged' | 'lost' | { refused: string };

// A hang guard: a kill closes the connection at once, so only a live registry that never answers reaches it. A restarted
// registry's first publication waits for its worker process to load the engine: over 15 s at load 24 (a resend was lost).
const WRITE_GUARD_MS = 120_000;

/** One write over HTTP, no retry: a connection that breaks is `lost`, whatever the server did with it. */
export async function sendWrite(baseUrl: string, write: Write): Promise<SendOutcome> {
  const [path, body] =
    write.kind === 'publish'
      ? [
          `/v1/services/${write.service}/versions`,
          { version: write.version, branch: 'main', ...(write.contract && { contract: write.contract }), declarations: write.declarations },
        ]
      : ['/v1/deployments', { service: write.service, version: write.version, environment: write.environment }];
  let response: Response;
  try {
    response = await fetch(new URL(path, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(WRITE_GUARD_MS),
    });
    const text = await response.text();
    return response.ok ? 'acknowledged' : { refused: `${write.kind} ${write.service} ${write.version}: ${response.status} ${text.slice(0, 200)}` };
  } catch {
    return 'lost';
  }
}

/** Sends writes one after another until `stopped` says the server is gone. */
export async function streamWrites(baseUrl: string, next: () => Write, ledger: Ledger, stopped: () => boolean): Promise<void> {
  while (!stopped()) {
    const write = next();
    const outcome = await sendWrite(baseUrl, write);
    if (outcome === 'acknowledged') ledger.acknowledged.push(write);
    else if (outcome === 'lost') {
      ledger.uncertain.push(write);
      return;
    } else ledger.refused.push(outcome.refused);
  }
}
