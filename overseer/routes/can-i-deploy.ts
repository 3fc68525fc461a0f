// can-i-deploy over HTTP: GET answers and records nothing (a pure read anyone may repeat); POST answers the same and
// records the ask of a token (or of anyone on an open registry) in the audit trail, a repeat counted on its record.

import type { FastifyInstance } from 'fastify';
import type { CanIDeployRequest, Verdict } from '../../contracts/index.js';
import { DEFAULT_AUDIT, repeatWindowMs } from '../audit/config.js';
import { createRepeatAsks } from '../audit/repeat-asks.js';
import { checkBeforeBody } from '../auth.js';
import { describeErrors } from '../errors.js';
import { completeDeclaredAt, completeDeclaredAtJson } from '../gather/declared-at.js';
import { readEmptyEnvironment } from '../gather/empty-environment.js';
import { decideStored, decideStoredJson, type GateAsk, gatherGateInputs, readGateClock, toGateVersion } from '../gather/gate-inputs.js';
import { addMisdirectedConsumers, findMeantProviders } from '../gather/misdirected-uses.js';
import { readUnknownCandidate } from '../gather/unknown-candidate.js';
import { addObservedConsumers, listCalledProviders } from '../observe/gate-observed.js';
import { ANONYMOUS } from '../store/store.js';
import { signalHangUp } from '../work/hang-up.js';
import { requireEnvironment } from './environments.js';
import type { NotificationDeps } from './notifications.js';
import { ENVIRONMENT_NAME, OPTIONAL_BEARER, ref, SERVICE_NAME, VERSION_NAME } from './schemas.js';
import { echoQuestionKey, sayNoticesGiven, withNoticesHeader } from './verdict-notices.js';

const QUESTION = {
  type: 'object',
  required: ['service', 'version', 'environment'],
  additionalProperties: false,
  properties: { service: SERVICE_NAME, version: VERSION_NAME, environment: ENVIRONMENT_NAME },
} as const;

const JUDGED =
  'Judged both ways: as a provider against every consumer deployed there, as a consumer against every provider it declares. ' +
  "A verdict's `decision` is `deployable`, `refused` or `undecided`: an unknown service or version is `undecided` with reason " +
  '`version-unknown` (the CLI exits 2 on it). An environment never created is 404 ERR_ENVIRONMENT_UNKNOWN. ' +
  'Waivers published with the version are applied to the changes it makes, and to uses of a consumer that every live ' +
  'version already failed (a waiver whose `rule` is the reason code, such as `field-missing`): the verdict lists what they ' +
  'waived (`waived`) and those that expired or matched nothing (`notices`). A live version of the service with no stored contract ' +
  'cannot be compared with: what consumers name is judged against the candidate alone, with a `deployed-contract-unknown` warning, ' +
  'and a consumer of everything (`"*"`) is refused with that code until a live contract is known or a waiver names it.';

export async function registerCanIDeployRoutes(app: FastifyInstance, deps: NotificationDeps): Promise<void> {
  const { store, auth, config, notifier } = deps;
  const beforeBody = checkBeforeBody(auth);
  const windowMs = repeatWindowMs(config.audit ?? DEFAULT_AUDIT);
  const repeats = createRepeatAsks();

  app.get<{ Querystring: CanIDeployRequest }>(
    '/v1/can-i-deploy',
    {
      config: { workLane: 'gate' },
      // A token presented is checked before the question is: an unknown one is 401 whatever the query says.
      onRequest: beforeBody.anyone,
      schema: {
        summary: 'Can this published version be deployed to the environment now? A pure read: nothing is recorded',
        description: `${JUDGED} Nothing is recorded and nobody is notified: POST the same question to have the ask audited.`,
        tags: ['gate'],
        security: OPTIONAL_BEARER,
        querystring: QUESTION,
        response: { 200: withNoticesHeader(ref('Verdict')), ...describeErrors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      // The thread that decided wrote the JSON, as the response schema would: it is sent as it is.
      const json = await completeDeclaredAtJson(
        deps.store,
        await decideStoredJson(deps.store, deps.work, await gatherAsk(deps, request.query), signalHangUp(reply)),
      );
      sayNoticesGiven(reply);
      return reply.type('application/json; charset=utf-8').send(json);
    },
  );

  app.post<{ Body: CanIDeployRequest }>(
    '/v1/can-i-deploy',
    {
      config: { workLane: 'gate' },
      onRequest: beforeBody.anyone,
      schema: {
        summary: 'Can this published version be deployed to the environment now? Recorded in the audit trail with who asked',
        description:
          `${JUDGED} The ask is recorded with the token's name (\`anonymous\` on an open registry). With tokens on, an ask without one ` +
          'is answered as the GET is: nothing is recorded and nobody is notified. The same ask answered the same way within ' +
          'OVERSEER_VERDICT_WINDOW_MINUTES of the last one is counted on its record instead of adding one. A refusal is announced once. ' +
          'An `Idempotency-Key` header the registry has recorded an ask of the same service, version and environment by the same token (the same secret, not only the same name) with (the CLI ' +
          'sends one per command, the same on each retry) is the same ask again: answered, and neither recorded nor announced again.',
        tags: ['gate'],
        security: OPTIONAL_BEARER,
        body: QUESTION,
        response: { 200: withNoticesHeader(ref('Verdict')), ...describeErrors(400, 401, 404) },
      },
    },
    async (request, reply): Promise<Verdict> => {
      const asker = await auth.identify(request);
      const ask = await gatherAsk(deps, request.body);
      // An ask whose client hung up before its turn is neither decided nor recorded: nobody got an answer to audit.
      const verdict = await completeDeclaredAt(store, await decideStored(store, deps.work, ask, signalHangUp(reply)));
      sayNoticesGiven(reply);
      const answer = echoQuestionKey(request, reply, verdict);
      // The trail says who asked, and a stranger is nobody it can name: recorded, anyone without a token wrote to the trail
      // and the dashboard the gate's users read (a made-up version a row each, a few hundred a second), and had a
      // refusal announced. An open registry has only strangers, and keeps their trail.
      if (asker.name === ANONYMOUS && !auth.open) return answer;
      // The same command asking again after losing the answer: answered, not recorded or announced a second time. The
      // asker is part of the question: another token sending the same key (copied from a log) is another ask, recorded.
      // The asker is its token's hash, as every keyed write's is: a token issued under a revoked one's name is another.
      const key = request.headers['idempotency-key'];
      const question = JSON.stringify([asker.writer, verdict.service, verdict.version, verdict.environment]);
      if (repeats.isRepeat(key, question)) return answer;
      // A refusal is announced, enqueued in the same transaction as its audit record.
      const outbox = await notifier?.planVerdict(verdict);
      const record = await store.recordVerdict(verdict, asker.name, outbox, windowMs);
      if (outbox && record.count === 1) notifier?.wake();
      repeats.remember(key, question);
      return answer;
    },
  );
}

async function gatherAsk(deps: NotificationDeps, { service, version, environment }: CanIDeployRequest): Promise<GateAsk> {
  const { store } = deps;
  // Read once: every date of this verdict (a waiver's expiry, a sunset) is judged on the same day.
  const clock = readGateClock(deps.now);
  await requireEnvironment(store, environment);
  // The version and its declarations in one read.
  const [record] = await store.readVersionSet([{ service, version }]);
  // The waivers published with the version are its own: they judge the changes it makes, not those of others.
  const candidate = record && { ...toGateVersion(record), ...(record.waivers && { waivers: record.waivers }) };
  const providers = candidate?.declarations.map((d) => d.provider) ?? [];
  // The reason names what was meant, on every door: the CLI's stderr alone was missed by a dashboard's reader.
  if (!candidate) return { service, version, environment, deployed: [], unknownCandidate: await readUnknownCandidate(store, service, version) };
  // With the consumers live there that declare the service under a misspelled name (gather/misdirected-uses.ts).
  // With the providers its calls seen there reach: its own version's calls are judged against them (usage/observed-gate.ts).
  const called = await listCalledProviders(deps.observer, service, environment, providers);
  const gathered = await addMisdirectedConsumers(store, service, { environment }, await gatherGateInputs(store, service, called.providers, { environment }));
  // The listing too may come back extended with the callers that declare nothing of the service; with the calls the
  // candidate made there, which the gate names where they go beyond what it declares. Resolved in the thread, where the
  // providers' contracts are parsed already: fetching them here cost a parse per cache miss on every ask (a leaf's p99
  // at 5,000 services went from 12 to 22 ms).
  const observed = await addObservedConsumers(deps, service, environment, gathered, true, called.read);
  const empty = await readEmptyEnvironment(store, environment, observed.deployed.length);
  const meantProviders = await findMeantProviders(store, service, providers, gathered.deployed);
  return {
    service,
    version,
    environment,
    ...clock,
    candidate,
    ...observed,
    ...(empty && { environmentEmpty: empty }),
    ...(meantProviders && { meantProviders }),
  };
}
