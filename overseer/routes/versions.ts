// Versions: publishing (idempotent, 409 on other content), and reading versions, contracts and declarations.

import type { FastifyInstance } from 'fastify';
import type { PublishRequest } from '../../contracts/index.js';
import { checkBeforeBody } from '../auth.js';
import { ApiError, describeErrors } from '../errors.js';
import { contractFromBytes } from '../store/contract-bytes.js';
import { ANONYMOUS, type ContractInput, type Store, type VersionRecord } from '../store/store.js';
import { takePreparedUpload } from '../work/raw-upload.js';
import type { PreparedWire } from '../work/wire.js';
import { findBranchGuess } from './branches.js';
import type { NotificationDeps } from './notifications.js';
import { BEARER, BRANCH_NAME, listOf, ref, SERVICE_NAME, VERSION_NAME, WAIVERS } from './schemas.js';
import { assertDescriptionAllowed, NAME_PARAMS, SERVICE_DESCRIPTION } from './services.js';
import { pageVersions, VERSION_CURSOR, VERSION_LIMIT } from './version-pages.js';
import { assertWaiversUsable } from './waiver-checks.js';

/** The body fields a publication and a check share. */
export const UPLOAD_PROPERTIES = {
  // No `minLength` or `pattern`: on megabytes, ajv's length count and a unicode regex hold the event loop for
  // hundreds of milliseconds. An empty text is refused by the loader, in the worker pool.
  contract: { type: 'string', description: "The OpenAPI document's text, YAML or JSON" },
  contractFile: { type: 'string', maxLength: 400, description: "The contract's file name, for error messages" },
  declarations: { type: 'array', items: { $ref: 'Declaration#' }, maxItems: 2000 },
  manifest: { type: 'string', minLength: 1, maxLength: 1024 * 1024, description: 'overseer.yaml text; its consumes become the declarations' },
  waivers: {
    ...WAIVERS,
    description:
      'The waivers file as the CLI parsed it: the changes they accept do not refuse a deployment. One whose `rule` is a gate reason code ' +
      '(`field-missing`, `deployed-contract-unknown`...) needs a `consumer`: without one it is refused, 400 ERR_WAIVER_INVALID',
  },
} as const;

const VERSION_PARAMS = { type: 'object', required: ['name', 'version'], properties: { name: SERVICE_NAME, version: VERSION_NAME } } as const;

type VersionParams = { Params: { name: string; version: string } };

export async function registerVersionRoutes(app: FastifyInstance, { store, auth, config, work, notifier }: NotificationDeps): Promise<void> {
  const beforeBody = checkBeforeBody(auth);
  app.post<{ Params: { name: string }; Body: PublishRequest }>(
    '/v1/services/:name/versions',
    {
      bodyLimit: config.largeBodyBytes,
      // Publications wait in their own lane of the pool: a flood of gate questions neither refuses nor delays them.
      config: { rawUpload: { keepCanonical: true }, workLane: 'write' },
      onRequest: beforeBody.named,
      schema: {
        summary: 'Publish a version: its contract and what it uses of other services',
        description:
          'Idempotent: the same content again is 200 `unchanged` (a new branch is added); other content for a published version is 409. ' +
          'Waivers sent with it are kept with the version (part of its content) and honoured when can-i-deploy judges it. ' +
          'A contract that cannot be read is 400 with the line. The service must exist (PUT /v1/services/{name}), or be described in `service`: ' +
          "then it is created or updated in the publication's own transaction, so a publication that fails leaves no service behind.",
        tags: ['versions'],
        security: BEARER,
        params: NAME_PARAMS,
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: {
            version: VERSION_NAME,
            branch: BRANCH_NAME,
            commit: { type: 'string', minLength: 1, maxLength: 200 },
            service: SERVICE_DESCRIPTION,
            publisher: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
              description: "Who publishes: the admin's word is taken; a service token is recorded by its name, with this as a note, `name (stated: text)`",
            },
            pullRequest: { type: 'integer', minimum: 1, description: 'The pull request this version was built for' },
            manifestFile: {
              type: 'string',
              minLength: 1,
              maxLength: 400,
              description: "The manifest's path in the repository `service.repository` names: reasons about its uses say `file:line`",
            },
            ...UPLOAD_PROPERTIES,
          },
        },
        response: { 200: publishResponse(), 201: publishResponse(), ...describeErrors(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request, reply) => {
      const service = request.params.name;
      const principal = await auth.requireWriter(request, service);
      const { version, branch, commit, pullRequest, service: describe, contract, contractFile, declarations, manifest, manifestFile, waivers } = request.body;
      const publisher = recordPublisher(principal, request.body.publisher);
      await assertDescriptionAllowed(describe, config);
      assertWaiversUsable(waivers);
      const upload =
        takePreparedUpload(request) ?? (await work.prepare(service, { contract, contractFile, declarations, manifest }, config.maxContractBytes, true));
      const input = upload.contract && toStoredContract(upload.contract, contract);
      // Notifications (a contract breaking deployed consumers) are enqueued in the publication's own transaction. The
      // notifier reads the contract's text (a large one's bytes are decoded then) only when someone listens.
      // Read before the write, which makes the branch known.
      const branchGuess = branch === undefined ? undefined : await findBranchGuess(store, branch);
      const outbox = await notifier?.planPublication({ service, version, contract: input, branch, pullRequest, publisher, waivers });
      const result = await store.publishVersion(
        {
          service,
          describe,
          version,
          branch,
          commit,
          ...(manifestFile !== undefined && { manifestFile }),
          publisher,
          contract: input,
          declarations: upload.declarations,
          waivers,
          providesApis: upload.providesApis,
        },
        outbox,
      );
      if (outbox) notifier?.wake();
      return reply.status(result.status === 'created' ? 201 : 200).send({ ...result, warnings: upload.warnings, ...(branchGuess && { branchGuess }) });
    },
  );

  app.get<{ Params: { name: string }; Querystring: { limit?: number; cursor?: string } }>(
    '/v1/services/:name/versions',
    {
      schema: {
        summary: "A service's versions, oldest first (semantic version order where both are semver, else publish time), a page at a time",
        description: 'At most `limit` versions a page; `next` is present while more follow: send it back as `cursor` for the next page.',
        tags: ['versions'],
        params: NAME_PARAMS,
        querystring: { type: 'object', additionalProperties: false, properties: { limit: VERSION_LIMIT, cursor: VERSION_CURSOR } },
        response: {
          200: {
            type: 'object',
            required: ['versions'],
            properties: {
              versions: { type: 'array', items: ref('Version') },
              next: { type: 'string', description: 'the cursor of the next page; absent on the last' },
            },
          },
          ...describeErrors(400, 404),
        },
      },
    },
    async (request) => {
      const { limit = VERSION_LIMIT.default, cursor } = request.query;
      const { page, next } = await pageVersions(store, request.params.name, limit, cursor);
      return { versions: page, ...(next !== undefined && { next }) };
    },
  );

  app.get<VersionParams>(
    '/v1/services/:name/versions/:version',
    { schema: { summary: 'One version', tags: ['versions'], params: VERSION_PARAMS, response: { 200: ref('Version'), ...describeErrors(400, 404) } } },
    async (request) => requireVersion(store, request.params.name, request.params.version),
  );

  app.get<VersionParams>(
    '/v1/services/:name/versions/:version/contract',
    {
      schema: {
        summary: "The version's contract, as published (YAML or JSON text)",
        tags: ['versions'],
        params: VERSION_PARAMS,
        response: {
          200: {
            description: 'The original text; `application/json` when it was published as JSON',
            content: { 'application/yaml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'string' } } },
          },
          ...describeErrors(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { name, version } = request.params;
      const record = await requireVersion(store, name, version);
      const contract = record.contractHash === null ? undefined : await store.getContract(record.contractHash);
      if (!contract) throw new ApiError('ERR_CONTRACT_MISSING', `version ${version} of ${name} provides no contract`);
      reply.header('etag', `"${contract.hash}"`);
      return reply.type(contract.format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8').send(contract.text);
    },
  );

  app.get<VersionParams>(
    '/v1/services/:name/versions/:version/declarations',
    {
      schema: {
        summary: 'What the version declares it uses of other services, by provider',
        tags: ['versions'],
        params: VERSION_PARAMS,
        response: { 200: listOf('declarations', 'Declaration'), ...describeErrors(400, 404) },
      },
    },
    async (request) => ({ declarations: await store.getDeclarations(request.params.name, request.params.version) }),
  );
}

/** The contract to store: as the worker's bytes for a large upload (decoded only if read), else the client's text. */
function toStoredContract(prepared: NonNullable<PreparedWire['contract']>, text: string | undefined): ContractInput | undefined {
  const { hash, format, canonical = '', bytes } = prepared;
  if (bytes) return contractFromBytes(hash, format, bytes);
  // The text the worker parsed: the client's, without a byte order mark.
  return text === undefined ? undefined : { hash, format, canonical, text: text.replace(/^\uFEFF/, '') };
}

async function requireVersion(store: Store, service: string, version: string): Promise<VersionRecord> {
  const record = await store.getVersion(service, version);
  if (record) return record;
  if (!(await store.getService(service))) throw new ApiError('ERR_SERVICE_UNKNOWN', `unknown service ${service}`);
  throw new ApiError('ERR_VERSION_UNKNOWN', `unknown version ${version} of ${service}`);
}

function publishResponse() {
  return {
    type: 'object',
    required: ['status', 'version', 'warnings'],
    properties: {
      status: { type: 'string', enum: ['created', 'unchanged'] },
      branchAdded: { type: 'boolean', description: 'With `unchanged`: the branch given was new to this version, and is now recorded on it' },
      serviceUpdated: {
        type: 'boolean',
        description: "With `unchanged`: the service's description (owners, slack, repository, hosts) changed, and is now stored",
      },
      branchGuess: { type: 'string', description: 'The branch given was new to the registry, and a typo away from this known one' },
      version: ref('Version'),
      warnings: { type: 'array', items: ref('Notice') },
    },
  } as const;
}

/**
 * Who published, as stored and shown in Slack ("published by X"). A service token is recorded by its own name, since
 * the caller's text is unchecked: it stays as a note marked as stated. The admin may publish for anyone, and an open
 * registry (loopback only) knows no one but what it is told.
 */
function recordPublisher(principal: { name: string; service: string | null }, stated: string | undefined): string | undefined {
  if (principal.service === null) return stated ?? (principal.name === ANONYMOUS ? undefined : principal.name);
  return stated === undefined || stated === principal.name ? principal.name : `${principal.name} (stated: ${stated})`;
}
