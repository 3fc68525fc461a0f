// Who uses a service: each consumer's counted version and the operations, parameters and fields it declares.

import type { FastifyInstance } from 'fastify';
import type { ConsumerListing } from '../../contracts/index.js';
import { ApiError, describeErrors } from '../errors.js';
import { listMisdirectedEntries } from '../gather/misdirected-uses.js';
import { groupBy } from '../group-by.js';
import { versionInScope } from '../operation-labeller.js';
import type { ConsumerScope, Store } from '../store/store.js';
import { workFor } from '../work/anonymous.js';
import { askByHash } from '../work/ask-by-hash.js';
import type { WorkPool } from '../work/pool.js';
import type { UsePage, WireUsePage } from '../work/wire.js';
import { requireBranch } from './branches.js';
import { findPageStart, readKeptEntries, readUseCursor, USE_CURSOR, USE_LIMIT, writeUseCursor } from './consumer-pages.js';
import type { RouteDeps } from './deps.js';
import { requireEnvironment } from './environments.js';
import { NAMED_USES } from './operation-labels.js';
import { BRANCH_NAME, ENVIRONMENT_NAME } from './schemas.js';
import { NAME_PARAMS } from './services.js';

type ConsumerQuery = { environment?: string; branch?: string; limit?: number; cursor?: string };

export async function registerConsumerRoutes(app: FastifyInstance, { store, work }: RouteDeps): Promise<void> {
  app.get<{ Params: { name: string }; Querystring: ConsumerQuery }>(
    '/v1/services/:name/consumers',
    {
      schema: {
        summary: 'Who uses which operation and field of a service, a page at a time',
        description:
          'With `environment`: the consumer versions deployed there. With `branch`: the latest version of each consumer on that branch. ' +
          'Neither: the latest version of each consumer. An environment never created is 404 ERR_ENVIRONMENT_UNKNOWN; a branch no version ' +
          'was published on, unless the registry is empty, is 404 ERR_BRANCH_UNKNOWN. Each operation used carries, besides `operation` as the ' +
          "consumer wrote it, `label` (`GET /users/{id}`, as the provider's contract in the same scope writes it) and its `operationId`, " +
          'so that it reads as `overseer usage` and the dashboard name it. Paged by uses: a page holds at most `limit` uses (a consumer ' +
          'declaring `"*"` or none takes one place), by consumer then version; a consumer whose uses go past the page is listed again, ' +
          'with the rest of them, on the next. `next` is present while more follow: send it back as `cursor` with the same scope. ' +
          'After them come the consumers whose manifest names the service by a near name no service has (`user-service` for ' +
          "users-service), each with `declaredAs`, the name it wrote: the gate counts them as the service's consumers.",
        tags: ['services'],
        params: NAME_PARAMS,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { environment: ENVIRONMENT_NAME, branch: BRANCH_NAME, limit: USE_LIMIT, cursor: USE_CURSOR },
        },
        response: {
          200: {
            type: 'object',
            required: ['provider', 'consumers'],
            properties: {
              provider: { type: 'string' },
              environment: { type: 'string' },
              branch: { type: 'string' },
              namedBy: { type: 'string', description: "the provider's version whose contract gave each use its `label`; absent when none has a contract" },
              consumers: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['consumer', 'version', 'uses'],
                  properties: {
                    consumer: { type: 'string' },
                    version: { type: 'string' },
                    uses: NAMED_USES,
                    declaredAs: { type: 'string', description: "the service's name as this consumer's manifest misspells it; absent when written right" },
                  },
                },
              },
              next: { type: 'string', description: 'the cursor of the next page; absent on the last' },
            },
          },
          ...describeErrors(400, 404),
        },
      },
    },
    async (request): Promise<ConsumerListing> => {
      const { name } = request.params;
      const { environment, branch, limit = USE_LIMIT.default } = request.query;
      if (environment !== undefined && branch !== undefined) throw new ApiError('ERR_REQUEST_INVALID', 'give environment or branch, not both');
      const cursor = request.query.cursor === undefined ? undefined : readUseCursor(request.query.cursor);
      if (!(await store.getService(name))) throw new ApiError('ERR_SERVICE_UNKNOWN', `unknown service ${name}`);
      // A misspelled environment has no consumers deployed: an empty list would read as "nobody uses it".
      if (environment !== undefined) await requireEnvironment(store, environment);
      if (branch !== undefined) await requireBranch(store, branch);
      const scope = environment !== undefined ? { environment } : branch !== undefined ? { branch } : {};
      const { key, entries } = await listEntries(store, name, scope);
      const start = findPageStart(entries, cursor);
      // Each entry takes at least one place: `limit` entries from the start hold the page, whatever their uses.
      const sent = entries.slice(start.index, start.index + limit).map(({ consumer, version, declaredAs }, i) => ({
        consumer,
        version,
        key: `${key}#${start.index + i}`,
        ...(declaredAs !== undefined && { declaredAs }),
      }));
      const named = await versionInScope(store, name, scope);
      const ask = { provider: name, sent, offset: start.offset, limit };
      const page = await cutPage({ store, work: workFor(request, work) }, ask, named?.contractHash ?? undefined);
      const at = page.next ? start.index + page.next.index : start.index + sent.length;
      const after = entries[at] && { ...entries[at]!, offset: page.next?.offset ?? 0, index: at };
      return {
        provider: name,
        ...scope,
        ...(page.named && named && { namedBy: named.version }),
        consumers: page.consumers,
        ...(after && { next: writeUseCursor(after) }),
      };
    },
  );
}

type ListedEntry = { consumer: string; version: string; declaredAs?: string };

/**
 * The listing's consumer versions: those that name the service, then those that misspell it, which the gate counts as
 * its consumers too (gather/misdirected-uses.ts): "who uses me" must not list fewer than the gate that refuses. The key
 * names the service generation then, since a service registered under the misspelled name takes them away.
 */
async function listEntries(store: Store, provider: string, scope: ConsumerScope): Promise<{ key: string; entries: readonly ListedEntry[] }> {
  const kept = await readKeptEntries(store, provider, scope);
  const misdirected = await listMisdirectedEntries(store, provider, scope);
  if (misdirected.length === 0) return kept;
  return { key: `${kept.key}:${await store.readServiceGeneration()}`, entries: [...kept.entries, ...misdirected] };
}

/** The texts of a page's entries, each read under the provider's name as its consumer wrote it. */
async function readTexts(store: Store, provider: string, sent: WireUsePage['entries']): Promise<(string | undefined)[]> {
  const texts: (string | undefined)[] = [];
  const byName = groupBy(
    sent.map((entry, at) => ({ entry, at })),
    ({ entry }) => entry.declaredAs ?? provider,
  );
  for (const [name, group] of byName) {
    const read = await store.readConsumerTexts(
      name,
      group.map(({ entry }) => entry),
    );
    group.forEach(({ at }, i) => {
      texts[at] = read[i];
    });
  }
  return texts;
}

// A version whose declaration went between the listing and its page (none is deleted today) lists no uses.
const EMPTY_USES = '[]';

type PageAsk = { provider: string; sent: WireUsePage['entries']; offset: number; limit: number };

/**
 * The page cut and named by a worker: the uses and the contract by key and hash first, so that the pages after the
 * first cross to a worker as a few names. A worker that lacks either is sent both texts: the pool may hand the ask
 * to another worker, which may lack what the first had.
 */
async function cutPage(deps: { store: Store; work: WorkPool }, ask: PageAsk, hash: string | undefined): Promise<UsePage> {
  const { offset, limit } = ask;
  return askByHash(
    deps.store,
    () => [hash],
    async (contracts) => {
      if (!contracts) return deps.work.pageUses({ entries: ask.sent, offset, limit, ...(hash !== undefined && { contract: { hash } }) });
      // Only this page's texts are read, and only now: a worker that kept them (paged-uses.ts) needs none.
      const texts = await readTexts(deps.store, ask.provider, ask.sent);
      const entries = ask.sent.map((entry, i) => ({ ...entry, text: texts[i] ?? EMPTY_USES }));
      // A contract gone from the store names nothing: the uses read as declared.
      const text = hash === undefined ? undefined : contracts.get(hash);
      return deps.work.pageUses({ entries, offset, limit, ...(text !== undefined && { contract: { hash: hash!, text } }) });
    },
  );
}
