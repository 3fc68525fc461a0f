// `overseer publish` asked the gate about each environment after the last had answered: a dozen environments cost a
// dozen round trips before the command returned. It now asks a few at once, and still prints in the environments' order.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const ENVIRONMENTS = ['env-a', 'env-b', 'env-c', 'env-d', 'env-e', 'env-f'];
const session = useRegistry({
  name: 'publish-gate-concurrent',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/orders-service/overseer.yaml', '--version', '1.0.0'],
    ...ENVIRONMENTS.map((name) => ['environment', 'create', name]),
  ],
});

/**
 * A proxy that holds the gate's previews until four are open at once (or every one left has been asked), so questions
 * asked one after the other are seen as such; a question alone is let through after a while, so that they still end.
 */
async function withGateCounted<T>(registry: string, run: (url: string) => Promise<T>): Promise<{ result: T; mostOpen: number }> {
  const held: (() => void)[] = [];
  let asked = 0;
  let mostOpen = 0;
  const release = () => held.splice(0).forEach((go) => go());
  const forward = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const answer = await fetch(`${registry}${request.url}`, { method: request.method, headers: { 'content-type': 'application/json' }, body });
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  };
  const proxy = createServer((request, response) => {
    if (!(request.method === 'GET' && request.url?.startsWith('/v1/can-i-deploy'))) return void forward(request, response);
    asked += 1;
    held.push(() => void forward(request, response));
    mostOpen = Math.max(mostOpen, held.length);
    if (held.length === 4 || asked === ENVIRONMENTS.length) release();
    else setTimeout(release, 3000);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  try {
    const result = await run(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
    return { result, mostOpen };
  } finally {
    await new Promise((resolve) => proxy.close(resolve));
  }
}

describe('publish asks the gate about the environments a few at once', () => {
  it('has four questions open at once, never more, and prints each refusal in the order of the environments', async () => {
    const { result, mostOpen } = await withGateCounted(session.registry.url, (url) =>
      runCliHere(['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'], { env: { OVERSEER_URL: url } }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(mostOpen).toBe(4);
    expect(result.stdout.split('\n').slice(1, -1)).toEqual(
      ENVIRONMENTS.map(
        (env) =>
          `orders-service and users-service are not deployed in ${env}: can-i-deploy will refuse; see overseer can-i-deploy --service checkout-web --version 1.0.0 --env ${env}`,
      ),
    );
  });
});
