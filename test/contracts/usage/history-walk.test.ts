// Where a use by an operationId that the live contracts lost is placed: the provider's history read newest first, and
// the operation followed through moves up to the newest live version only. The registry's task runner only fetches.

import { describe, expect, it } from 'vitest';
import type { GateVersion } from '../../../contracts/gate.js';
import type { LoadedContract, OpenApiDocument } from '../../../contracts/load/load.js';
import { startHistoryWalk } from '../../../contracts/usage/history-walk.js';
import { loadDoc } from '../../fixtures/impact/users-api.js';

const read = (operationId?: string) => ({
  ...(operationId && { operationId }),
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  responses: { '200': { description: 'ok' } },
});
const api = (paths: Record<string, object>): OpenApiDocument =>
  ({
    openapi: '3.0.3',
    info: { title: 'users', version: '1' },
    paths: Object.fromEntries(Object.entries(paths).map(([p, get]) => [p, { get }])),
  }) as OpenApiDocument;

const consumer: GateVersion = { service: 'web', version: '1', declarations: [{ consumer: 'web', provider: 'users', uses: [{ operation: 'getUser' }] }] };
const provider = async (version: string, doc: OpenApiDocument): Promise<GateVersion> => ({
  service: 'users',
  version,
  declarations: [],
  contract: await loadDoc(doc, `users-${version}.json`),
});

/** The walk over `history` (newest first), recording how many versions it read before it was done. */
function walk(candidate: GateVersion, live: GateVersion[], history: GateVersion[]) {
  const started = startHistoryWalk({ service: 'users', candidate, deployed: [...live, consumer] });
  if (!started) return undefined;
  let reads = 0;
  for (const v of history) {
    if (started.done) break;
    started.read(v.version, v.contract as LoadedContract);
    reads++;
  }
  return { placed: started.placed(), reads };
}

describe('startHistoryWalk', () => {
  it('asks for no history when the candidate or a live version still has the id, or there is no candidate contract', async () => {
    const named = await provider('2', api({ '/users/{id}': read('getUser') }));
    const unnamed = await provider('3', api({ '/users/{id}': read() }));
    expect(walk(unnamed, [named], [])).toBeUndefined();
    expect(walk(named, [unnamed], [])).toBeUndefined();
    expect(walk({ ...consumer, service: 'users' }, [unnamed], [])).toBeUndefined();
  });

  it('places the id in the newest version that named it, follows a move the live version made, and reads no older version', async () => {
    const v1 = await provider('1', api({ '/users/{id}': read('fetchUser') }));
    const v2 = await provider('2', api({ '/users/{id}': read('getUser') }));
    const v3 = await provider('3', api({ '/people/{id}': read() }));
    const candidate = await provider('4', api({ '/people/{id}': read() }));
    const walked = walk(candidate, [v3], [candidate, v3, v2, v1]);
    expect(walked).toEqual({
      placed: [{ operationId: 'getUser', label: 'GET /people/{id}', namedIn: '2', moves: [{ from: 'GET /users/{id}', to: 'GET /people/{id}', version: '3' }] }],
      reads: 3,
    });
  });

  it('does not follow a move made after the newest live version: consumers call what runs now', async () => {
    const v1 = await provider('1', api({ '/users/{id}': read('getUser') }));
    const v2 = await provider('2', api({ '/users/{id}': read() }));
    const v3 = await provider('3', api({ '/people/{id}': read() }));
    const walked = walk(v3, [v2], [v3, v2, v1]);
    expect(walked?.placed).toEqual([{ operationId: 'getUser', label: 'GET /users/{id}', namedIn: '1' }]);
  });

  it('says where the trail ends when a live version dropped the operation without a single unchanged new path', async () => {
    const v1 = await provider('1', api({ '/users/{id}': read('getUser') }));
    const v2 = await provider('2', api({ '/accounts/{id}': read(), '/people/{id}': read() }));
    const walked = walk(v2, [v2], [v2, v1]);
    expect(walked?.placed).toEqual([{ operationId: 'getUser', label: 'GET /users/{id}', namedIn: '1', lostIn: '2' }]);
  });
});
