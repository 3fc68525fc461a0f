// The hostile requests, as a table: what is sent, by whom, and the 4xx and error code it must get.
// Every one targets a registry seeded by hostile-server.test.ts; none may change what it holds.

import {
  buildDeepFlowYaml,
  buildDeepJson,
  buildDeepYaml,
  buildExternalRefContract,
  buildInvalidUtf8Body,
  buildLargeContract,
  buildPlainContract,
  readHostileFixture,
} from './hostile-documents.js';
import type { HostileRequest } from './hostile-transport.js';

/** Who sends it: the admin, a token of users-service or of orders-service, an unknown token, or no token. */
export type Caller = 'admin' | 'users-ci' | 'orders-ci' | 'wrong' | 'nobody';

export interface HostileCase {
  name: string;
  request: HostileRequest;
  /** Default: the admin, so that only the content is at fault. */
  as?: Caller;
  status: number;
  code: string;
  message?: RegExp;
  /** Cases that only make sense on a real socket. */
  httpOnly?: boolean;
}

const VERSION = '6.6.6';
const SQL = "x'; DROP TABLE services;--";
const MiB = 1024 * 1024;

const publish = (contract: string, extra: Record<string, unknown> = {}): HostileRequest => ({
  method: 'POST',
  url: '/v1/services/users-service/versions',
  body: { version: VERSION, contract, ...extra },
});
const deploy = (service: string, version: string, environment: string): HostileRequest => ({
  method: 'POST',
  url: '/v1/deployments',
  body: { service, version, environment },
});
const canIDeploy = (service: string, version: string, environment: string): HostileRequest => ({
  method: 'GET',
  url: `/v1/can-i-deploy?${new URLSearchParams({ service, version, environment })}`,
});
const bad = (name: string, request: HostileRequest, message?: RegExp): HostileCase => ({ name, request, status: 400, code: 'ERR_REQUEST_INVALID', message });
const badContract = (name: string, contract: string, message: RegExp, code = 'ERR_CONTRACT_INVALID'): HostileCase => ({
  name,
  request: publish(contract),
  status: 400,
  code,
  message,
});

export function listContractCases(trapUrl: string): HostileCase[] {
  const ref = (where: string) => badContract(`a $ref to ${where}`, buildExternalRefContract(where), /refused/, 'ERR_CONTRACT_EXTERNAL_REF');
  return [
    badContract('a YAML alias bomb (billion laughs)', readHostileFixture('alias-bomb.yaml'), /alias bomb/),
    {
      name: 'an alias bomb of long strings (a gigabyte once expanded)',
      request: publish(readHostileFixture('alias-bomb-wide.yaml')),
      status: 413,
      code: 'ERR_CONTRACT_TOO_LARGE',
    },
    badContract('a contract nested 100 levels deep (YAML)', buildDeepYaml(100), /nested deeper/),
    badContract('a contract nested 100 levels deep (JSON)', buildDeepJson(100), /nested deeper/),
    badContract('a contract nested 100,000 levels deep (YAML flow)', buildDeepFlowYaml(100_000), /nested/),
    badContract('a contract nested 100,000 levels deep (JSON)', buildDeepJson(100_000), /nested/),
    {
      name: 'a 20 MB contract',
      request: publish(buildLargeContract(20 * 1000 * 1000)),
      status: 413,
      code: 'ERR_CONTRACT_TOO_LARGE',
      message: /over the limit of 16\.0 MB \(the registry's OVERSEER_MAX_CONTRACT_BYTES sets it\)/,
    },
    ref(`${trapUrl}/evil.yaml`),
    ref('https://example.com/evil.yaml#/User'),
    ref('file:///etc/passwd'),
    ref('/etc/passwd'),
    ref('../../../../../../etc/passwd#/root'),
    badContract('a cyclic $ref chain (A -> B -> C -> A)', readHostileFixture('cyclic-refs.yaml'), /cycle/),
    badContract('a schema that is a $ref to itself', readHostileFixture('self-ref.yaml'), /cycle/),
    badContract('duplicate keys (YAML)', readHostileFixture('duplicate-keys.yaml'), /duplicate/i),
    badContract('duplicate keys (JSON)', readHostileFixture('duplicate-keys.json'), /duplicate|twice/i),
    badContract('control characters', readHostileFixture('control-characters.yaml'), /YAML/),
    badContract('a YAML list instead of a document', '- openapi: 3.0.3\n', /top level/),
    {
      name: 'a manifest alias bomb',
      request: publish(buildPlainContract(), { manifest: readHostileFixture('manifest-alias-bomb.yaml') }),
      status: 413,
      code: 'ERR_MANIFEST_TOO_LARGE',
    },
    {
      name: 'check (no token needed) of an alias bomb',
      as: 'nobody',
      request: { method: 'POST', url: '/v1/check', body: { service: 'users-service', contract: readHostileFixture('alias-bomb.yaml') } },
      status: 400,
      code: 'ERR_CONTRACT_INVALID',
    },
    {
      name: 'check (no token needed) of a $ref to a URL',
      as: 'nobody',
      request: { method: 'POST', url: '/v1/check', body: { service: 'users-service', contract: buildExternalRefContract(`${trapUrl}/check.yaml`) } },
      status: 400,
      code: 'ERR_CONTRACT_EXTERNAL_REF',
    },
  ];
}

export function listRequestCases(): HostileCase[] {
  const json = (name: string, body: string | Buffer, message?: RegExp) => bad(name, { method: 'POST', url: '/v1/deployments', body }, message);
  return [
    json('malformed JSON', '{"service": "users-service", "version": }', /not valid JSON/),
    json('truncated JSON', '{"service": "users-service", "vers'),
    json('an empty JSON body', ''),
    json('a __proto__ key', '{"__proto__": {"admin": true}, "service": "users-service", "version": "1.0.0", "environment": "production"}'),
    json(
      'a body nested 10,000 levels deep',
      `{"service":"users-service","version":"1.0.0","environment":"production","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    ),
    bad('invalid UTF-8 in the body', { method: 'POST', url: '/v1/services/users-service/versions', body: buildInvalidUtf8Body(VERSION) }, /UTF-8/),
    bad('invalid UTF-8 in the URL', { method: 'GET', url: '/v1/services/%FF%FE' }),
    {
      name: 'a body that is not JSON',
      request: { method: 'POST', url: '/v1/deployments', body: '<deployment/>', headers: { 'content-type': 'application/xml' } },
      status: 415,
      code: 'ERR_REQUEST_MEDIA_TYPE',
    },
    {
      name: 'an oversized body on a small route',
      request: { method: 'PUT', url: '/v1/services/users-service', body: { owners: ['x'.repeat(300 * 1024)] } },
      status: 413,
      code: 'ERR_BODY_TOO_LARGE',
    },
    { name: 'an oversized publication (21 MiB)', request: publish('x'.repeat(21 * MiB)), status: 413, code: 'ERR_BODY_TOO_LARGE' },
    {
      name: 'an oversized body sent in chunks, without a length',
      request: { ...publish('x'.repeat(21 * MiB)), chunked: true },
      status: 413,
      code: 'ERR_BODY_TOO_LARGE',
      httpOnly: true,
    },
    {
      name: 'a content-length of 100 GB',
      request: { method: 'PUT', url: '/v1/services/users-service', body: '{}', headers: { 'content-length': String(100 * 1024 * MiB) } },
      status: 413,
      code: 'ERR_BODY_TOO_LARGE',
      httpOnly: true,
    },
  ];
}

export function listNameCases(): HostileCase[] {
  const putService = (encoded: string): HostileRequest => ({ method: 'PUT', url: `/v1/services/${encoded}`, body: { owners: ['@evil'] } });
  const version = (v: string) => bad(`the version ${JSON.stringify(v)}`, publish(buildPlainContract(), { version: v }));
  return [
    bad('the service name "../etc"', putService(encodeURIComponent('../etc'))),
    bad('the service name "a/b"', putService(encodeURIComponent('a/b'))),
    bad(`the service name ${JSON.stringify(SQL)}`, putService(encodeURIComponent(SQL))),
    bad('the service name "../../etc/passwd" in a read', { method: 'GET', url: `/v1/services/${encodeURIComponent('../../etc/passwd')}` }),
    bad('a service name of 300 characters', putService('a'.repeat(300))),
    { name: 'an unencoded path separator in a service name', request: putService('a/b'), status: 404, code: 'ERR_ROUTE_UNKNOWN' },
    {
      name: 'a raw "../" in the path',
      request: { method: 'GET', url: '/v1/services/../../etc/passwd' },
      status: 404,
      code: 'ERR_ROUTE_UNKNOWN',
      httpOnly: true,
    },
    version('../etc'),
    version('a/b'),
    version('a\\b'),
    version('..'),
    version(SQL),
    bad('the version "../etc" in a read', { method: 'GET', url: `/v1/services/users-service/versions/${encodeURIComponent('../etc')}` }),
    bad('the service name "a/b" in a deployment', deploy('a/b', '1.0.0', 'production')),
    bad(`the service name ${JSON.stringify(SQL)} in a deployment`, deploy(SQL, '1.0.0', 'production')),
    bad('the version "../etc" in a deployment', deploy('users-service', '../etc', 'production')),
    bad('the environment "../etc"', deploy('users-service', '1.0.0', '../etc')),
    bad('the environment "a/b"', deploy('users-service', '1.0.0', 'a/b')),
    bad(`the environment ${JSON.stringify(SQL)}`, deploy('users-service', '1.0.0', SQL)),
    bad('the environment "../etc" in can-i-deploy', canIDeploy('users-service', '1.0.0', '../etc')),
    bad(`the service name ${JSON.stringify(SQL)} in can-i-deploy`, canIDeploy(SQL, '1.0.0', 'production')),
    bad('the version "a/b" in can-i-deploy', canIDeploy('users-service', 'a/b', 'production')),
  ];
}

export function listTokenCases(): HostileCase[] {
  const forbidden = (name: string, request: HostileRequest): HostileCase => ({
    name,
    as: 'orders-ci',
    request,
    status: 403,
    code: 'ERR_TOKEN_FORBIDDEN',
    message: /users-service|admin/,
  });
  return [
    { name: 'a wrong token publishing', as: 'wrong', request: publish(buildPlainContract()), status: 401, code: 'ERR_TOKEN_REJECTED' },
    { name: 'no token publishing', as: 'nobody', request: publish(buildPlainContract()), status: 401, code: 'ERR_TOKEN_MISSING' },
    {
      name: 'a wrong token asking can-i-deploy',
      as: 'wrong',
      request: canIDeploy('users-service', '1.0.0', 'production'),
      status: 401,
      code: 'ERR_TOKEN_REJECTED',
    },
    {
      name: 'a Basic Authorization header',
      as: 'nobody',
      request: { ...publish(buildPlainContract()), headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } },
      status: 401,
      code: 'ERR_TOKEN_REJECTED',
    },
    forbidden("another service's token publishing", publish(buildPlainContract())),
    forbidden("another service's token recording a deployment", deploy('users-service', '1.0.0', 'staging')),
    forbidden("another service's token describing the service", { method: 'PUT', url: '/v1/services/users-service', body: { owners: ['@evil'] } }),
    forbidden("a service's token issuing tokens", { method: 'POST', url: '/v1/tokens', body: { name: 'evil', service: 'users-service' } }),
    forbidden("a service's token revoking tokens", { method: 'DELETE', url: '/v1/tokens/users-ci' }),
  ];
}
