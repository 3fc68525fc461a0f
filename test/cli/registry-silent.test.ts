// A registry (or a proxy in front of it) that takes the connection and never answers: the CLI waited out its timeout
// and then asked "is it running?" of a server that plainly listens, sending the user to start what already runs.

import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

describe('a question the registry accepted and never answered', () => {
  const sockets: Socket[] = [];
  let accepted = 0;
  // Reads every request and writes nothing back, as a stuck registry or a proxy holding requests does.
  const server = createServer((socket) => {
    accepted++;
    sockets.push(socket);
    socket.resume();
  });
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('says it was accepted, what got no answer within how long, and where to look', async () => {
    const r = await runCliHere(['consumers', '--service', 'users-service', '--format', 'json'], {
      env: { OVERSEER_URL: url, OVERSEER_RETRY_MS: '0', OVERSEER_TIMEOUT_MS: '500' },
    });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(accepted).toBeGreaterThan(0);
    expect(JSON.parse(r.stderr)).toEqual({
      code: 'ERR_REGISTRY_UNREACHABLE',
      message:
        `the registry at ${url} accepted the connection but gave no answer to GET /v1/services/users-service/consumers within 0.5 s: ` +
        "the registry, or a proxy in between, is holding the request. Read the registry's log (a task it gives up on is answered " +
        "ERR_WORK_TIMEOUT, so silence means it is stuck or overloaded) and any proxy's; then run it again, or wait longer (OVERSEER_TIMEOUT_MS)",
    });
  });

  it('says the same of a gate question sent by POST, in text', async () => {
    const r = await runCliHere(['can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production'], {
      env: { OVERSEER_URL: url, OVERSEER_RETRY_MS: '0', OVERSEER_TIMEOUT_MS: '500' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error ERR_REGISTRY_UNREACHABLE: the registry at \S+ accepted the connection but gave no answer to POST \/v1\/can-i-deploy within 0\.5 s:/,
    );
    expect(r.stderr).not.toContain('is it running?');
  });
});
