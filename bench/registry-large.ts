// One publication of a real 4 MB contract (Stripe's), timed from the first byte sent to the answer.
import { readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createJsonCaller } from './registry-seed.js';

export const LARGE_SERVICE = 'stripe-api';

export interface LargePublish {
  bytes: number;
  ms: number;
  status: number;
  /** Validation warnings the registry returned with the publication. */
  warnings: number;
}

export function readLargeContract(file: string): { text: string; bytes: number } {
  return { text: readFileSync(file, 'utf8'), bytes: statSync(file).size };
}

export async function createLargeService(baseUrl: string): Promise<void> {
  await createJsonCaller(baseUrl)('PUT', `/v1/services/${LARGE_SERVICE}`, { owners: ['@acme/payments'] });
}

/** Publishes the text as version `2023.8.<run>`; a top-level marker makes each run's contract new to the store. */
export async function timeLargePublish(baseUrl: string, contract: { text: string; bytes: number }, run: number): Promise<LargePublish> {
  const body = JSON.stringify({
    version: `2023.8.${run}`,
    branch: 'main',
    contract: `x-overseer-bench-run: ${run}\n${contract.text}`,
    contractFile: 'stripe.yaml',
  });
  const started = performance.now();
  const response = await fetch(new URL(`/v1/services/${LARGE_SERVICE}/versions`, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const answer = (await response.json()) as { warnings?: unknown[]; message?: string };
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`publishing the 4 MB contract failed: ${response.status} ${answer.message ?? ''}`);
  return { bytes: contract.bytes, ms, status: response.status, warnings: answer.warnings?.length ?? 0 };
}
