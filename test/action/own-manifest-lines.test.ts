// The Action annotates what the service itself uses and its providers do not offer on the manifest entry that declares
// it. The registry names the operation as the provider's contract writes it (`GET /orders/{id}`), so an entry written
// `GET /orders/{orderId}` was not found, and the annotation fell on the provider's first entry, another use.

import { describe, expect, it } from 'vitest';
import { useActionSession } from './session.js';

const session = useActionSession();

describe('what the service uses of its providers', () => {
  it('annotates each miss of the service on the manifest entry that declares it, its path parameter named otherwise', async () => {
    const uses = '    - GET /orders/{id}/refunds\n    - operation: GET /orders/{orderId}\n      response: [totl]\n';
    const manifest = `${session.fixtures['users-service.yaml']}consumes:\n  orders-service:\n${uses}`;
    const result = await session.run({ number: 44, headSha: 'e4'.repeat(20), revision: session.fixtures['users.safe.yaml'], manifest });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/^::error file=overseer\.yaml,line=6,title=orders-service%3A operation-missing::/m);
    // The registry says `GET /orders/{id}`, as the contract writes it; line 7 is the entry that reads `totl`.
    expect(result.stdout).toMatch(/^::error file=overseer\.yaml,line=7,title=orders-service%3A field-missing::.*`totl`/m);
  });

  it('annotates an entry written as an operationId on its own line, matched through the provider contract as the CLI does', async () => {
    // `getOrder` is GET /orders/{id}: without the registry's match the annotation fell on line 6, the provider's first entry.
    const uses = '    - GET /orders/{id}/refunds\n    - operation: getOrder\n      response: [totl]\n';
    const manifest = `${session.fixtures['users-service.yaml']}consumes:\n  orders-service:\n${uses}`;
    const result = await session.run({ number: 45, headSha: 'e5'.repeat(20), revision: session.fixtures['users.safe.yaml'], manifest });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/^::error file=overseer\.yaml,line=6,title=orders-service%3A operation-missing::/m);
    expect(result.stdout).toMatch(/^::error file=overseer\.yaml,line=7,title=orders-service%3A field-missing::.*`totl`/m);
  });
});
