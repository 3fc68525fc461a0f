// The dashboard's diff of two stored versions comes back from the worker as the page shows it (its HTML, capped), not
// as every change: Stripe's whole report, cloned across and written on the event loop, cost the loop ~46 ms a view (21 now).

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppWorkPool } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { DIFF_TABLE_MAX_BYTES } from '../../../overseer/ui/pages/service-diff.js';
import type { WorkPool } from '../../../overseer/work/pool.js';

const ITEMS = 3000;

let pool: WorkPool;
beforeAll(() => {
  pool = createAppWorkPool({ ...parseConfig({ db: ':memory:' }, {}), workThreads: 1 });
});
afterAll(() => pool.close());

/** ITEMS operations, each answering an object whose `name` the revision no longer sends (a change each). */
function contract(withName: boolean): string {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < ITEMS; i++) {
    const properties = { id: { type: 'string' }, ...(withName && { name: { type: 'string' } }) };
    const schema = { type: 'object', required: withName ? ['id', 'name'] : ['id'], properties };
    paths[`/items${i}`] = { get: { operationId: `getItem${i}`, responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } } } };
  }
  return JSON.stringify({ openapi: '3.0.3', info: { title: 'items', version: withName ? '1.0.0' : '2.0.0' }, paths });
}

const refOf = (text: string) => ({ hash: createHash('sha256').update(text).digest('hex'), text });

describe('the dashboard diff the worker answers', () => {
  it('is the page’s part, cut at the table’s cap, with the counts and the consumers broken', async () => {
    const consumers = [{ consumer: 'shop', version: '1.0.0', declaration: { consumer: 'shop', provider: 'items', uses: [{ operation: 'getItem0' }] } }];
    const answer = await pool.diffVersions({
      service: 'items',
      from: { version: '1.0.0', contract: refOf(contract(true)) },
      to: { version: '2.0.0', contract: refOf(contract(false)) },
      consumers,
    });
    if (!('html' in answer)) throw new Error(`no page: ${JSON.stringify(answer)}`);
    expect(Object.keys(answer).sort()).toEqual(['broken', 'html', 'summary', 'waived']);
    expect(answer.summary.breaking + answer.summary.warning + answer.summary.info).toBeGreaterThanOrEqual(ITEMS);
    expect(answer.broken).toEqual(['shop']);
    expect(answer.waived).toEqual([]);
    expect(answer.html).toContain(`This diff has ${answer.summary.breaking + answer.summary.warning + answer.summary.info} changes: the first`);
    expect(answer.html.length).toBeLessThan(DIFF_TABLE_MAX_BYTES + 64 * 1024);
  });
});
