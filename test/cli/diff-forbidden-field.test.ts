// `not: {required: [coupon]}` added to a request body says "coupon must not be sent": with --consumers the gate blocks
// the consumer that sends coupon, naming it and the field, and lets through the one that does not.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'overseer-forbidden-field-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const orders = (not: string) => `openapi: 3.0.3
info: { title: orders, version: "1" }
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: { item: { type: string }, coupon: { type: string } }
${not}
      responses:
        "201": { description: made }
`;
const consumer = (service: string, fields: string) => `service: ${service}
consumes:
  orders:
    - operation: createOrder
      request: [${fields}]
`;

const base = write('orders.yaml', orders(''));
const revision = write('orders.v2.yaml', orders('              not: { required: [coupon] }'));
write('shop.overseer.yaml', consumer('shop', 'item, coupon'));
write('kiosk.overseer.yaml', consumer('kiosk', 'item'));

describe('overseer diff of a request field forbidden by `not: {required}`', () => {
  it('blocks only the consumer that sends the field, and says which field', async () => {
    const r = await runCliHere(['diff', base, revision, '--service', 'orders', '--consumers', path.join(dir, '*.overseer.yaml')], { env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(
      /BREAKING\s+request property `coupon` may no longer be sent: its object's `not` schema forbids it \(request-property-became-forbidden\)/,
    );
    expect(r.stdout).toContain('What blocks, by consumer\n  shop');
    expect(r.stdout).not.toMatch(/^ {2}kiosk/m);
    expect(r.code).toBe(1);
  });

  it('lets a consumer through that does not send it', async () => {
    const kiosk = write('kiosk-only.yaml', consumer('kiosk', 'item'));
    const r = await runCliHere(['diff', base, revision, '--service', 'orders', '--consumers', kiosk], { env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(request-property-became-forbidden)');
  });
});
