// The typed HTTP client of the registry, used by the CLI and the GitHub Action. Every failure becomes a
// CommandError (exit 2): a registry that cannot be reached or fails must never read as "safe" or "blocked".

import type {
  ApiErrorBody,
  CanIDeployRequest,
  CheckRequest,
  CheckResponse,
  ConsumerListing,
  Declaration,
  DeploymentEndRequest,
  DeploymentRecords,
  DeploymentRequest,
  DeploymentResponse,
  IssuedToken,
  Migration,
  MovedClaim,
  NotificationEntry,
  NotificationGap,
  PublishRequest,
  PublishResponse,
  RecordedVerdict,
  RegistryDeployment,
  RegistryEnvironment,
  RegistryService,
  RegistryVersion,
  ServiceRequest,
  ServiceResponse,
  TokenEntry,
  TokenRequest,
  UsageListing,
  Verdict,
} from '../contracts/index.js';
import { CLIENT_TIMEOUT_MS, VERDICT_NOTICES_HEADER } from '../contracts/index.js';
import { createSender, type Query, type Resend, safeJson } from './client-send.js';
import { CommandError } from './io.js';
import { readEveryItem, readEveryPage } from './list-pages.js';
import { ANSWERS, type AnswerKind, CLI_URL_SETTING, describeWrongAnswer } from './registry-answers.js';
import { splitBaseUrl } from './registry-url.js';

export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:4010';
export const DEFAULT_RETRY_MS = 5000;
// Longer than the registry lets a task run: its answer, or its own ERR_WORK_TIMEOUT, arrives rather than being abandoned.
export const DEFAULT_TIMEOUT_MS = CLIENT_TIMEOUT_MS;

interface ClientOptions {
  baseUrl: string;
  token?: string;
  /** How long to keep retrying connection errors (and 503, and a gateway's 502 and 504 for a question) before giving up, in ms. Default 5000. */
  retryForMs?: number;
  /** How long one request waits for the whole of its answer, in ms. Default 150000, past the registry's 120 s work bound. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Where the URL was set, for the hint of messages; default the CLI's `--registry, OVERSEER_URL`. */
  urlSetting?: string;
  /** Where the token came from (`given with --token`, `in OVERSEER_TOKEN`), named when the registry does not know it. */
  tokenSetting?: string;
  /** Where a longer wait is set, named when an answer did not come in time (the CLI's OVERSEER_TIMEOUT_MS). */
  timeoutSetting?: string;
}

/** A 4xx or 5xx answer of the registry, with its code and message. */
export class RegistryError extends CommandError {
  readonly status: number;
  readonly line?: number;

  constructor(status: number, body: ApiErrorBody) {
    super(body.code, status >= 500 ? `the registry failed (HTTP ${status}): ${body.message}` : body.message);
    this.name = 'RegistryError';
    this.status = status;
    if (body.line !== undefined) this.line = body.line;
  }
}

type Read<T> = { status: number; body: T; headers: Headers; key?: string };

/** A gate's answer, with the notices the registry says it gives itself (none from an older registry). */
export interface GateAnswer<V extends Verdict> {
  verdict: V;
  given: string[];
}

const CLAIM_PATHS = { host: 'hosts', api: 'apis', repository: 'repositories' } as const;

export function createRegistryClient(options: ClientOptions) {
  const { base, basic } = splitBaseUrl(options.baseUrl);
  const urlSetting = options.urlSetting ?? CLI_URL_SETTING;

  const send = createSender({
    base,
    ...((options.token || basic) && { authorization: options.token ? `Bearer ${options.token}` : basic }),
    retryForMs: options.retryForMs ?? DEFAULT_RETRY_MS,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch ?? fetch,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    urlSetting,
    ...(options.timeoutSetting && { timeoutSetting: options.timeoutSetting }),
  });

  async function request<T>(method: string, path: string, body?: unknown, query?: Query, resend?: Resend): Promise<Read<T>> {
    const response = await send(method, path, body, query, resend);
    const text = response.text;
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (response.ok) throw new CommandError('ERR_REGISTRY_RESPONSE', `the registry at ${base} answered ${method} ${path} with something that is not JSON`);
    }
    if (!response.ok) throw failureOf(response.status, parsed, `${method} ${path}`);
    return { status: response.status, body: parsed as T, headers: response.headers, ...(response.key && { key: response.key }) };
  }

  // Checked before it is returned: a 200 from something that is not the registry (a wrong URL) fails naming the URL.
  async function ask<T>(kind: AnswerKind, method: string, path: string, body?: unknown, query?: Query, resend?: Resend): Promise<T> {
    const answer = (await request<unknown>(method, path, body, query, resend)).body;
    if (!ANSWERS[kind].check(answer)) throw new CommandError('ERR_REGISTRY_RESPONSE', describeWrongAnswer(kind, base, `${method} ${path}`, urlSetting));
    return answer as T;
  }
  // A question to the gate: POST, sent again on a dropped connection, with the notices its header names.
  async function askGate<V extends Verdict>(path: string, body: unknown): Promise<GateAnswer<V>> {
    const answer = await request<unknown>('POST', path, body, undefined, 'question');
    if (!ANSWERS.verdict.check(answer.body)) throw new CommandError('ERR_REGISTRY_RESPONSE', describeWrongAnswer('verdict', base, `POST ${path}`, urlSetting));
    // A check's verdict names a candidate, not what was sent: only the key given back ties it to this question. The body's
    // copy survives a proxy that strips the header; neither is given back by an older registry, whose answer is taken.
    const { idempotencyKey: inBody, ...verdict } = answer.body as V & { idempotencyKey?: unknown };
    const echoed = typeof inBody === 'string' ? inBody : answer.headers.get('idempotency-key');
    if (echoed !== null && echoed !== answer.key)
      throw new CommandError(
        'ERR_REGISTRY_RESPONSE',
        `the registry at ${base} answered POST ${path} with the verdict of another request (its Idempotency-Key is not this question's): ` +
          `is a cache or proxy in front of it answering another request? (${urlSetting})`,
      );
    return {
      verdict: verdict as V,
      given:
        answer.headers
          .get(VERDICT_NOTICES_HEADER)
          ?.split(/\s*,\s*/)
          .filter(Boolean) ?? [],
    };
  }
  const get = <T>(kind: AnswerKind, path: string, query?: Query) => ask<T>(kind, 'GET', path, undefined, query);
  // Contracts travel as published (YAML or JSON text), not as a JSON value.
  const getText = async (path: string) => {
    const { ok, status, text } = await send('GET', path);
    if (!ok) throw failureOf(status, safeJson(text), `GET ${path}`);
    return text;
  };
  const name = encodeURIComponent;

  // An error without the registry's {code, message} comes from something else at that URL (another service on that
  // port, a proxy's page): "HTTP 404" alone would leave the user to guess that the URL is wrong.
  function failureOf(status: number, parsed: unknown, asked: string): CommandError {
    // "Not known to this registry" leaves open which token was sent: a stale variable is the usual culprit.
    if (isErrorBody(parsed) && parsed.code === 'ERR_TOKEN_REJECTED' && options.tokenSetting && options.token)
      return new RegistryError(status, {
        ...parsed,
        message: `${parsed.message} (the token ${options.tokenSetting}): check it, or ask an admin for one (overseer token create)`,
      });
    if (isErrorBody(parsed)) return new RegistryError(status, parsed);
    const question = status >= 500 ? 'is it an Overseer registry, and is it running?' : 'is it an Overseer registry?';
    return new CommandError(
      'ERR_REGISTRY_RESPONSE',
      `the registry at ${base} answered ${asked} with HTTP ${status} and no Overseer error: ${question} (${urlSetting})`,
    );
  }

  return {
    baseUrl: base,
    health: () => get<{ status: 'ok' }>('health', '/healthz'),
    putService: (service: string, body: ServiceRequest) => ask<ServiceResponse>('service write', 'PUT', `/v1/services/${name(service)}`, body),
    listServices: () => readEveryItem('services', (cursor) => get<{ services: RegistryService[]; next?: string }>('services', '/v1/services', { cursor })),
    getService: (service: string) => get<RegistryService>('service', `/v1/services/${name(service)}`),
    // Sent again when its answer is lost: the same publication twice is one ("unchanged"), other content a conflict, so
    // a second sending undoes nothing another pipeline did.
    publish: (service: string, body: PublishRequest) =>
      ask<PublishResponse>('publication', 'POST', `/v1/services/${name(service)}/versions`, body, undefined, 'question'),
    listVersions: (service: string) =>
      readEveryItem('versions', (cursor) =>
        get<{ versions: RegistryVersion[]; next?: string }>('versions', `/v1/services/${name(service)}/versions`, { cursor }),
      ),
    getVersion: (service: string, version: string) => get<RegistryVersion>('version', `/v1/services/${name(service)}/versions/${name(version)}`),
    /** The contract's text as published (YAML or JSON). */
    getContractText: (service: string, version: string) => getText(`/v1/services/${name(service)}/versions/${name(version)}/contract`),
    usage: (service: string, query: { environment?: string; asProvider?: boolean } = {}) =>
      get<UsageListing>('usage', `/v1/services/${name(service)}/usage`, { environment: query.environment, asProvider: query.asProvider ? 'true' : undefined }),
    getDeclarations: async (service: string, version: string) =>
      (await get<{ declarations: Declaration[] }>('declarations', `/v1/services/${name(service)}/versions/${name(version)}/declarations`)).declarations,
    consumers: (service: string, scope: { environment?: string; branch?: string } = {}) =>
      readEveryPage((cursor) => get<ConsumerListing>('consumers', `/v1/services/${name(service)}/consumers`, { ...scope, cursor })),
    migrations: (service: string, scope: { environment?: string } = {}) =>
      get<{ service: string; migrations: Migration[] }>('migrations', `/v1/services/${name(service)}/migrations`, scope),
    // Sent again when its answer is lost, with the same Idempotency-Key, once the registry says it remembers keys: the
    // second sending is given the first's answer, never recorded over a deployment another pipeline made meanwhile.
    recordDeployment: (body: DeploymentRequest) => ask<DeploymentResponse>('deployment', 'POST', '/v1/deployments', body, undefined, 'keyed write'),
    endDeployment: async (body: DeploymentEndRequest) =>
      (await ask<{ ended: RegistryDeployment[] }>('ended deployments', 'POST', '/v1/deployments/end', body, undefined, 'keyed write')).ended,
    listEnvironments: () =>
      readEveryItem('environments', (cursor) => get<{ environments: RegistryEnvironment[]; next?: string }>('environments', '/v1/environments', { cursor })),
    // Sent again as a deployment is: a second sending told "unchanged" would hide that this command made it (and its
    // warning of a name a typo away from another's is given only to the command that made it).
    createEnvironment: (environment: string) =>
      ask<{ status: 'created' | 'unchanged'; environment: RegistryEnvironment }>(
        'environment write',
        'POST',
        '/v1/environments',
        { name: environment },
        undefined,
        'keyed write',
      ),
    currentDeployments: (environment: string) =>
      readEveryItem('deployments', (cursor) =>
        get<{ deployments: RegistryDeployment[]; next?: string }>('deployments', `/v1/environments/${name(environment)}/deployments`, { cursor }),
      ),
    /** Asked by POST: the registry records the ask in its audit trail (a GET would answer without recording). */
    canIDeploy: (question: CanIDeployRequest) => askGate<Verdict>('/v1/can-i-deploy', question),
    /** Asked by GET: the same answer, neither recorded nor announced (publish's word on the gate to come). */
    previewGate: (question: CanIDeployRequest) => get<Verdict>('verdict', '/v1/can-i-deploy', { ...question }),
    /** A question sent by POST (its body is a contract): sent again on a dropped connection, as a read is. */
    check: (body: CheckRequest) => askGate<CheckResponse>('/v1/check', body),
    /** Deployment history, newest first (`limit: 1` tells whether anything was ever recorded there). */
    deploymentHistory: async (query: { service?: string; environment?: string; limit?: number } = {}) =>
      (await get<{ deployments: RegistryDeployment[] }>('deployments', '/v1/deployments', query)).deployments,
    listVerdicts: async (query: { service?: string; environment?: string; limit?: number } = {}) =>
      (await get<{ verdicts: RecordedVerdict[] }>('verdicts', '/v1/verdicts', query)).verdicts,
    listTokens: (revoked?: true) =>
      readEveryItem('tokens', (cursor) => get<{ tokens: TokenEntry[]; next?: string }>('tokens', '/v1/tokens', { cursor, revoked: revoked && 'true' })),
    createToken: (body: TokenRequest) => ask<IssuedToken>('token', 'POST', '/v1/tokens', body, undefined, 'keyed write'),
    /** Gives a host, an API name or a repository (`owner/repo`) to `service`, taken from whoever holds it, or shared (admin). */
    moveClaim: (kind: MovedClaim['kind'], claimed: string, service: string, share?: boolean) =>
      ask<MovedClaim>('claim', 'PUT', `/v1/${CLAIM_PATHS[kind]}/${claimed.split('/').map(name).join('/')}`, { service, ...(share && { share }) }),
    /**
     * Revokes a token by its name (admin); the registry answers 204, anything else is not the registry. Sent again as a
     * token's creation is: a second sending without its key would be told 410, as if someone else had revoked it.
     */
    revokeToken: async (tokenName: string) => {
      const asked = `DELETE /v1/tokens/${name(tokenName)}`;
      const { status } = await request<unknown>('DELETE', `/v1/tokens/${name(tokenName)}`, undefined, undefined, 'keyed write');
      if (status !== 204)
        throw new CommandError('ERR_REGISTRY_RESPONSE', `the registry at ${base} answered ${asked} with HTTP ${status}: is it an Overseer registry?`);
    },
    listNotifications: (query: { status?: string; limit?: number } = {}) =>
      get<{ notifications: NotificationEntry[]; gaps?: NotificationGap[]; gapsTotal?: number }>('notifications', '/v1/notifications', query),
    /** Sends one again now (admin); sent again after a lost answer with its key, lest the worker it woke read as another sender. */
    retryNotification: async (id: number) =>
      (await ask<{ notification: NotificationEntry }>('notification', 'POST', `/v1/notifications/${id}/retry`, undefined, undefined, 'keyed write'))
        .notification,
  };
}

export type RegistryClient = ReturnType<typeof createRegistryClient>;

/** Where the registry records deployments, read through its API: what addEmptyEnvironmentNotice looks at. */
export function readDeploymentRecords(client: RegistryClient): DeploymentRecords {
  return {
    recorded: async (environment) => (await client.deploymentHistory({ environment, limit: 1 })).length > 0,
    environments: async () => (await client.listEnvironments()).map((e) => e.name),
  };
}

function isErrorBody(parsed: unknown): parsed is ApiErrorBody {
  const body = parsed as Partial<ApiErrorBody> | undefined;
  return typeof body?.code === 'string' && typeof body.message === 'string';
}
