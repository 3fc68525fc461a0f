// The Action when the way to the registry fails: the registry's answer cut short, a redirect, a proxy's page. Each must
// fail the step without a decision (exit 2, output `verdict: error`), and the comment that showed the last verdict must
// now say that no decision was made, and why. A misbehaving proxy in front of the real registry.

import { describe, expect, it } from 'vitest';
import { type Behaviour, startHostileProxy } from '../e2e/hostile-proxy.js';
import { useActionSession } from './session.js';

const session = useActionSession();

const cases: Array<[string, Behaviour, RegExp]> = [
  [
    'the answer to the check cut short',
    'cut-short',
    /registry unreachable: the registry at http:\/\/127\.0\.0\.1:\d+ cut short its answer to POST \/v1\/check \(/,
  ],
  [
    'a redirect',
    { status: 302, body: '', headers: { location: 'https://login.example.com/' } },
    /with a redirect \(HTTP 302\) to https:\/\/login\.example\.com\//,
  ],
  ['a login page with status 200', { status: 200, body: '<html>Sign in</html>', headers: { 'content-type': 'text/html' } }, /is not JSON/],
];

describe('the Action with a registry it cannot trust to answer', () => {
  for (const [i, [what, behaviour, said]] of cases.entries()) {
    it(`${what}: the step fails without a decision, and the comment with the earlier verdict now says why`, async () => {
      const number = 60 + i;
      const safe = await session.run({ number, headSha: `c${i}`.repeat(20), revision: session.fixtures['users.breaks-two.yaml'] });
      expect(safe.code, safe.stdout).toBe(1);
      const proxy = await startHostileProxy(session.registry.url, (request) => (request.path === '/v1/check' ? behaviour : 'forward'));
      try {
        const result = await session.run({ number, headSha: `d${i}`.repeat(20), revision: session.fixtures['users.safe.yaml'], registryUrl: proxy.url });
        expect(result.code, result.stdout).toBe(2);
        expect(result.outputs.verdict).toBe('error');
        expect(result.stdout).toMatch(/^::error title=Overseer could not decide \(ERR_REGISTRY_(UNREACHABLE|URL|RESPONSE)\)::/m);
        expect(result.stdout).toMatch(said);
        const [comment] = session.markerComments(number);
        expect(comment?.body).toMatch(/Overseer could not judge `api\/openapi\.yaml`/);
        expect(comment?.body).toMatch(said);
        expect(comment?.body).not.toMatch(/is safe|is blocked/);
      } finally {
        await proxy.close();
      }
    });
  }
});

describe('the Action with a `registry` whose host no DNS knows', () => {
  // `.invalid` never resolves (RFC 2606). The message asked "is it running?" of a registry the URL cannot name.
  it('asks whether the host name of the `registry` input is right, once', async () => {
    const result = await session.run({
      number: 70,
      headSha: 'e0'.repeat(20),
      revision: session.fixtures['users.safe.yaml'],
      registryUrl: 'http://registry.invalid:4010',
    });
    expect(result.code, result.stdout).toBe(2);
    expect(result.stdout).toMatch(
      /^::error title=Overseer could not decide \(ERR_REGISTRY_UNREACHABLE\)::registry unreachable: cannot reach the registry at http:\/\/registry\.invalid:4010: no address is found for registry\.invalid \((ENOTFOUND|EAI_AGAIN)[^)]*\): is the host name right\? \(the `registry` input\)$/m,
    );
  });
});
