// The servers family: a base path gone from the server list warns (every operation moved), another host for the same
// base path is info, a server added is info; a path's or operation's own list is judged for that operation; 2.0 too.
import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../../contracts/diff.js';
import { parseContract } from '../../../contracts/load/load.js';
import { api, type Doc, ok, type RuleCase, runRuleCases } from './harness.js';

const withServers = (servers?: string[], own?: { path?: string[]; operation?: string[] }): Doc => {
  const list = (urls?: string[]) => (urls ? { servers: urls.map((url) => ({ url })) } : {});
  return api({ '/pets': { ...list(own?.path), get: { ...list(own?.operation), responses: ok() } } }, list(servers));
};

describe('servers', () => {
  const cases: RuleCase[] = [
    {
      name: "the document's server moved to another base path: the old one is gone, a new one added",
      base: withServers(['https://api.example.com/v1']),
      revision: withServers(['https://api.example.com/v2']),
      expect: [
        {
          id: 'api-server-base-path-changed',
          level: 'warning',
          operation: null,
          pointer: '/servers',
          message: ['https://api.example.com/v1 is no longer listed and no server keeps its base path /v1'],
        },
        { id: 'api-server-added', level: 'info', operation: null, message: ['https://api.example.com/v2 was added'] },
      ],
    },
    {
      name: 'the same base path on another host (dev to qa) is info: clients configure their own host',
      base: withServers(['https://dev.example.com/api']),
      revision: withServers(['https://qa.example.com/api/']),
      expect: [
        { id: 'api-server-removed', level: 'info', message: ['https://dev.example.com/api is no longer listed'] },
        { id: 'api-server-added', level: 'info' },
      ],
    },
    {
      name: 'a second server added: old clients keep theirs',
      base: withServers(['https://api.example.com']),
      revision: withServers(['https://api.example.com', 'https://eu.api.example.com']),
      expect: [{ id: 'api-server-added', level: 'info' }],
    },
    {
      name: 'a trailing slash is the same address',
      base: withServers(['https://api.example.com/']),
      revision: withServers(['https://api.example.com']),
      expect: 'none',
    },
    { name: 'servers named where there were none take nothing away', base: withServers(), revision: withServers(['https://api.example.com']), expect: 'none' },
    { name: 'only the default server `/` listed, then none: the same address', base: withServers(['/']), revision: withServers(), expect: 'none' },
    {
      name: 'every server dropped: the default `/` is left, which keeps no base path',
      base: withServers(['https://api.example.com/v1']),
      revision: withServers(),
      expect: [
        { id: 'api-server-base-path-changed', level: 'warning' },
        { id: 'api-server-added', message: ['server / was added'] },
      ],
    },
    {
      name: "an operation's own server removed is reported for that operation",
      base: withServers(['https://api.example.com'], { operation: ['https://files.example.com'] }),
      revision: withServers(['https://api.example.com']),
      expect: [
        { id: 'api-server-removed', level: 'info', operation: 'GET /pets', message: ['https://files.example.com is no longer listed for GET /pets'] },
        { id: 'api-server-added', level: 'info', operation: 'GET /pets', message: ['https://api.example.com was added for GET /pets'] },
      ],
    },
    {
      name: "a path's own server kept while the document's list changes: the operation is not touched",
      base: withServers(['https://a.example.com'], { path: ['https://pets.example.com'] }),
      revision: withServers(['https://b.example.com'], { path: ['https://pets.example.com'] }),
      expect: [
        { id: 'api-server-removed', operation: null },
        { id: 'api-server-added', operation: null },
      ],
    },
  ];
  runRuleCases(cases);

  it('2.0: a changed basePath moves the server that host, basePath and schemes make', async () => {
    const swagger = (basePath: string) =>
      JSON.stringify({
        swagger: '2.0',
        info: { title: 'pets', version: '1' },
        host: 'api.example.com',
        basePath,
        schemes: ['https'],
        paths: { '/pets': { get: { responses: { '200': { description: 'ok' } } } } },
      });
    const [base, revision] = await Promise.all([parseContract(swagger('/v1'), 'base.json'), parseContract(swagger('/v2'), 'revision.json')]);
    const changes = diffContracts(base, revision).changes.map((c) => `${c.id} ${c.level} ${c.message}`);
    expect(changes).toEqual([
      'api-server-base-path-changed warning server https://api.example.com/v1 is no longer listed and no server keeps its base path /v1',
      'api-server-added info server https://api.example.com/v2 was added',
    ]);
  });
});

describe('servers of 2.0 documents', () => {
  const swagger = (host: string) =>
    JSON.stringify({
      swagger: '2.0',
      info: { title: 'pets', version: '1' },
      host,
      paths: { '/pets': { get: { responses: { '200': { description: 'ok' } } } } },
    });

  it('another host without schemes (a scheme-relative URL) keeps the base path: info', async () => {
    const [base, revision] = await Promise.all([
      parseContract(swagger('dev.example.com'), 'base.json'),
      parseContract(swagger('qa.example.com'), 'revision.json'),
    ]);
    expect(
      diffContracts(base, revision)
        .changes.map((c) => `${c.id} ${c.level}`)
        .sort(),
    ).toEqual(['api-server-added info', 'api-server-removed info']);
  });
});
