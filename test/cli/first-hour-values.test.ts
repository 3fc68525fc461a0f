// What a platform engineer trips over in the first hour, continued from first-hour.test.ts: a value an option does not
// take, and a registry URL written https:// for a registry that speaks plain HTTP. Each used to be answered without
// the fix: `got "braking"` with no guess, where a misspelt flag gets one, and "(ERR_SSL_WRONG_VERSION_NUMBER): is it
// running?" of a registry that plainly runs.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

// Any plain-HTTP server answers a TLS handshake as `overseer serve` does: with an HTTP answer OpenSSL cannot read.
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((_, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('an option given a value it does not take', () => {
  it('names the value probably meant, and none when nothing is near', async () => {
    const failOn = await runCliHere(['diff', 'examples/users-service/openapi.yaml', 'examples/users-service/openapi.yaml', '--fail-on', 'braking']);
    expect(failOn).toMatchObject({ code: 2, stdout: '' });
    expect(failOn.stderr.split('\n')[0]).toBe(
      'error ERR_USAGE_INVALID: --fail-on must be one of breaking, warning, info, never, got "braking": did you mean breaking?',
    );
    const format = await runCliHere(['consumers', '--service', 'users-service', '--format', 'md']);
    expect(format.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: --format must be one of text, json, markdown, got "md": did you mean markdown?');
    const far = await runCliHere(['consumers', '--service', 'users-service', '--format', 'yaml']);
    expect(far.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: --format must be one of text, json, markdown, got "yaml"');
  });
});

describe('a registry URL written https:// for a registry that speaks plain HTTP', () => {
  it('says so and names the http:// URL, rather than asking whether it runs', async () => {
    const https = url.replace(/^http:/, 'https:');
    const r = await runCliHere(['environment', 'list'], { env: { OVERSEER_URL: https, OVERSEER_RETRY_MS: '500' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error ERR_REGISTRY_URL: cannot reach the registry at ${https}: the server there answers plain HTTP, not TLS \\(ERR_SSL_[A-Z_]+\\): "overseer serve" speaks http://; use ${url}, or the https:// address of the proxy`,
      ),
    );
    expect(r.stderr).not.toContain('is it running?');
  });
});
