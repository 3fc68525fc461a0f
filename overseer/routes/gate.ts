// The deploy gate over HTTP: can-i-deploy for a published version (can-i-deploy.ts), check for an unpublished
// candidate (not stored), and the audit trail of verdicts.

import type { FastifyInstance } from 'fastify';
import { type CheckRequest, type CheckResponse, decisionOf, describeGuess } from '../../contracts/index.js';
import { checkBeforeBody } from '../auth.js';
import { ApiError, describeErrors } from '../errors.js';
import { findUnknownAuditService } from '../gather/audit-scope.js';
import { completeDeclaredAt } from '../gather/declared-at.js';
import { readEmptyEnvironment } from '../gather/empty-environment.js';
import { decideStored, type GateScope, gatherGateInputs, readGateClock } from '../gather/gate-inputs.js';
import { addMisdirectedConsumers, findMeantProviders } from '../gather/misdirected-uses.js';
import { addObservedConsumers, listCalledProviders } from '../observe/gate-observed.js';
import { workFor } from '../work/anonymous.js';
import { signalHangUp } from '../work/hang-up.js';
import { takePreparedUpload } from '../work/raw-upload.js';
import { requireBranch } from './branches.js';
import { registerCanIDeployRoutes } from './can-i-deploy.js';
import { requireEnvironment } from './environments.js';
import type { NotificationDeps } from './notifications.js';
import { BRANCH_NAME, ENVIRONMENT_NAME, LIMIT, listOf, OPTIONAL_BEARER, ref, SERVICE_NAME, VERSION_NAME } from './schemas.js';
import { echoQuestionKey, sayNoticesGiven, withNoticesHeader } from './verdict-notices.js';
import { UPLOAD_PROPERTIES } from './versions.js';
import { assertWaiversUsable } from './waiver-checks.js';

export async function registerGateRoutes(app: FastifyInstance, deps: NotificationDeps): Promise<void> {
  const { store, auth, config } = deps;
  const beforeBody = checkBeforeBody(auth);
  await registerCanIDeployRoutes(app, deps);

  app.post<{ Body: CheckRequest }>(
    '/v1/check',
    {
      bodyLimit: config.largeBodyBytes,
      config: { rawUpload: { keepCanonical: false }, workLane: 'gate', strangersApart: true },
      onRequest: beforeBody.anyone,
      schema: {
        summary: 'Judge an unpublished candidate: its contract against the consumers, its declarations against the providers',
        description:
          'Against the versions deployed in `environment`, or the latest versions on `branch`, or (neither) the latest of every service. ' +
          '`waivers` (as the CLI parses a waivers file) are applied to the changes the candidate makes, as can-i-deploy applies published ones. ' +
          'Nothing is stored. An unknown environment or branch (as `GET /v1/services/{name}/consumers` says) is 404.',
        tags: ['gate'],
        security: OPTIONAL_BEARER,
        body: {
          type: 'object',
          required: ['service'],
          additionalProperties: false,
          properties: { service: SERVICE_NAME, version: VERSION_NAME, environment: ENVIRONMENT_NAME, branch: BRANCH_NAME, ...UPLOAD_PROPERTIES },
        },
        response: {
          200: withNoticesHeader({
            allOf: [ref('Verdict'), { type: 'object', required: ['warnings'], properties: { warnings: { type: 'array', items: ref('Notice') } } }],
          }),
          ...describeErrors(400, 401, 404, 413),
        },
      },
    },
    async (request, reply): Promise<CheckResponse> => {
      const work = workFor(request, deps.work);
      const body = request.body;
      const abandoned = signalHangUp(reply);
      if (body.environment !== undefined && body.branch !== undefined) throw new ApiError('ERR_REQUEST_INVALID', 'give environment or branch, not both');
      assertWaiversUsable(body.waivers);
      if (body.environment !== undefined) await requireEnvironment(store, body.environment);
      if (body.branch !== undefined) await requireBranch(store, body.branch);
      const { contract, contractFile, declarations, manifest } = body;
      const upload =
        takePreparedUpload(request) ??
        (await work.prepare(body.service, { contract, contractFile, declarations, manifest }, config.maxContractBytes, false, abandoned));
      const version = body.version ?? 'candidate';
      // The text the worker parsed: the client's, without a byte order mark.
      const text = upload.contract && contract !== undefined && { hash: upload.contract.hash, text: contract.replace(/^\uFEFF/, '') };
      const waivers = body.waivers && body.waivers.length > 0 ? { waivers: body.waivers } : {};
      const candidate = { service: body.service, version, declarations: upload.declarations, ...(text && { contract: text }), ...waivers };
      const scope: GateScope = body.environment !== undefined ? { environment: body.environment } : { branch: body.branch };
      const environment = body.environment ?? (body.branch !== undefined ? `branch ${body.branch}` : 'latest versions');
      const providers = upload.declarations.map((d) => d.provider);
      // In an environment, with the providers its calls seen there reach, as can-i-deploy gathers them.
      const called = body.environment !== undefined ? await listCalledProviders(deps.observer, body.service, body.environment, providers) : undefined;
      const listed = await gatherGateInputs(store, body.service, called?.providers ?? providers, scope);
      // Declarations that misspell the service count in every scope, as the others do; calls are observed per
      // environment: against a branch only declarations count.
      const gathered = await addMisdirectedConsumers(store, body.service, scope, listed);
      // With the calls the candidate made there, named by the gate in the worker among `notices`, as can-i-deploy names
      // them (contracts/gate.ts).
      const observed =
        body.environment !== undefined ? await addObservedConsumers(deps, body.service, body.environment, gathered, true, called?.read) : gathered;
      const against = body.environment !== undefined ? 'environment' : body.branch !== undefined ? 'branch' : 'latest';
      const empty = body.environment !== undefined && (await readEmptyEnvironment(store, body.environment, observed.deployed.length));
      const meantProviders = await findMeantProviders(store, body.service, providers, gathered.deployed);
      const ask = {
        service: body.service,
        version,
        environment,
        against,
        ...readGateClock(deps.now),
        candidate,
        ...observed,
        ...(empty && { environmentEmpty: empty }),
        ...(meantProviders && { meantProviders }),
      } as const;
      const verdict = await completeDeclaredAt(store, await decideStored(store, work, ask, abandoned), body.service);
      sayNoticesGiven(reply);
      return echoQuestionKey(request, reply, { ...verdict, warnings: upload.warnings });
    },
  );

  app.get<{ Querystring: { service?: string; environment?: string; limit?: number } }>(
    '/v1/verdicts',
    {
      schema: {
        summary: 'The audit trail of can-i-deploy: who asked what, the answer and the reasons, how often; most recently asked first',
        tags: ['gate'],
        querystring: { type: 'object', additionalProperties: false, properties: { service: SERVICE_NAME, environment: ENVIRONMENT_NAME, limit: LIMIT } },
        response: { 200: listOf('verdicts', 'RecordedVerdict'), ...describeErrors(400, 404) },
      },
    },
    async (request) => {
      // As the audit page: a name never created or published has no verdicts, and an empty list would read as none.
      const { service, environment } = request.query;
      if (environment !== undefined) await requireEnvironment(store, environment);
      const verdicts = await store.listVerdicts(request.query);
      const unknown = service === undefined ? undefined : await findUnknownAuditService(store, service, verdicts.length);
      if (unknown)
        throw new ApiError('ERR_SERVICE_UNKNOWN', `no service is named ${service}, and no verdict was recorded for it${describeGuess(unknown.meant)}`);
      return { verdicts: verdicts.map((v) => ({ ...v, decision: decisionOf(v) })) };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/v1/verdicts/:id',
    {
      schema: {
        summary: 'One verdict of the audit trail: the answer, its reasons, and what waivers let through',
        tags: ['gate'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
        response: { 200: ref('RecordedVerdict'), ...describeErrors(400, 404) },
      },
    },
    async (request) => {
      const verdict = await store.getVerdict(request.params.id);
      if (!verdict) throw new ApiError('ERR_VERDICT_UNKNOWN', `the audit trail has no verdict ${request.params.id}`);
      return { ...verdict, decision: decisionOf(verdict) };
    },
  );
}
