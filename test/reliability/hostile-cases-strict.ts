// Hostile requests of issue 16: bodies sent without a token (refused before they are parsed), wrong JSON types
// (refused, not coerced), and hidden or unpaired characters in versions and branches.

import type { HostileCase } from './hostile-cases.js';
import { buildLargeContract, buildPlainContract } from './hostile-documents.js';
import type { HostileRequest } from './hostile-transport.js';

const publish = (body: unknown): HostileRequest => ({ method: 'POST', url: '/v1/services/users-service/versions', body });
const invalid = (name: string, request: HostileRequest, message: RegExp): HostileCase => ({ name, request, status: 400, code: 'ERR_REQUEST_INVALID', message });

export function listStrictCases(): HostileCase[] {
  const contract = buildPlainContract();
  return [
    // Not JSON at all: a 400 would mean the body was parsed before the token was looked at.
    { name: 'no token, with a body that is not JSON', as: 'nobody', request: publish('{"version": '), status: 401, code: 'ERR_TOKEN_MISSING' },
    { name: 'a wrong token, with a body that is not JSON', as: 'wrong', request: publish('{"version": '), status: 401, code: 'ERR_TOKEN_REJECTED' },
    {
      name: 'a wrong token on check, with a body that is not JSON',
      as: 'wrong',
      request: { method: 'POST', url: '/v1/check', body: '{"service": ' },
      status: 401,
      code: 'ERR_TOKEN_REJECTED',
    },
    invalid('a version that is a number', publish({ version: 123, contract }), /body\/version must be string/),
    invalid('owners as one string', { method: 'PUT', url: '/v1/services/users-service', body: { owners: '@x' } }, /body\/owners must be array/),
    invalid('owners that are numbers', { method: 'PUT', url: '/v1/services/users-service', body: { owners: [1, 2] } }, /body\/owners\/0 must be string/),
    invalid('a lone surrogate in a version', publish('{"version": "1\\ud800", "contract": "x"}'), /lone surrogate/),
    invalid(
      'a lone low surrogate in a branch',
      publish(`{"version": "1.0.1", "branch": "main\\udc00", "contract": ${JSON.stringify(contract)}}`),
      /lone surrogate/,
    ),
    invalid(
      'a right-to-left override in a version',
      publish({ version: '1.0.0\u202e', contract }),
      /body\/version must be one word, like a git SHA or 1.4.0: no spaces, .*zero-width/,
    ),
    invalid(
      'a zero-width space in a version',
      publish({ version: '1.0\u200b.0', contract }),
      /body\/version must be one word, like a git SHA or 1.4.0: no spaces, .*zero-width/,
    ),
    invalid(
      'a NUL in a branch',
      publish({ version: '1.0.2', branch: 'ma\u0000in', contract }),
      /body\/branch must be a branch name without control, bidirectional or zero-width characters/,
    ),
    invalid(
      'a bidi isolate in a branch',
      publish({ version: '1.0.3', branch: 'main\u2066', contract }),
      /body\/branch must be a branch name without control, bidirectional or zero-width characters/,
    ),
    ...listLargeBodyCases(),
  ];
}

/** The same refusals for bodies large enough to be parsed in the worker pool rather than on the event loop. */
function listLargeBodyCases(): HostileCase[] {
  const contract = buildLargeContract(200 * 1024);
  const check = (body: unknown): HostileRequest => ({ method: 'POST', url: '/v1/check', body });
  return [
    invalid('a version that is a number, beside a 200 KB contract', publish({ version: 123, contract }), /body\/version must be string/),
    invalid('an unknown field beside a 200 KB contract', publish({ version: '1.0.4', contract, owner: 'x' }), /body must NOT have additional properties/),
    invalid('a check naming no service, with a 200 KB contract', check({ contract }), /body must have required property 'service'/),
    invalid(
      'a lone surrogate in a branch beside a 200 KB contract',
      publish(`{"version": "1.0.5", "branch": "x\\udc00", "contract": ${JSON.stringify(contract)}}`),
      /lone surrogate/,
    ),
    invalid('200 KB of malformed JSON', publish(`{"version": "1.0.6", "contract": ${JSON.stringify(contract)}`), /not valid JSON/),
    invalid(
      'a __proto__ key beside a 200 KB contract',
      publish(`{"__proto__": {"admin": true}, "version": "1.0.7", "contract": ${JSON.stringify(contract)}}`),
      /prototype/,
    ),
    invalid(
      '200 KB that are not UTF-8',
      publish(Buffer.concat([Buffer.from(`{"version": "1.0.8", "contract": ${JSON.stringify(contract)}`), Buffer.from([0xff, 0x22, 0x7d])])),
      /UTF-8/,
    ),
  ];
}
