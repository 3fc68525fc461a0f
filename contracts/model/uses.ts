// What consumers use of their providers: a use, a declaration, a call seen in traces, and the manifest that declares them.

/** What a consumer uses of one provider operation. With no lists the whole operation is used; once any list is given, an absent one means nothing in that category. */
export interface OperationUsage {
  /** As written in the manifest: an operationId or `METHOD /path`. */
  operation: string;
  params?: string[];
  request?: string[];
  response?: string[];
  /**
   * The media types it sends a request body in (a Pact's Content-Type; `*\/*` where unsaid): only the contract's
   * request media types that take one of them count for it. Absent: not known, every one counts.
   */
  requestMediaTypes?: string[];
  /** The media types it reads response bodies in (a Pact response's Content-Type), as `requestMediaTypes` for requests. */
  responseMediaTypes?: string[];
  /**
   * The response statuses it expects (a Pact's `response.status`: `404`, or a class such as `4XX`): its response fields
   * are read in those responses, and a change to another status is not its. Absent: the success responses.
   */
  statuses?: string[];
  /** 1-based line where this entry starts: in the manifest, or in `file`, the one of several Pact files that declares it. */
  line?: number;
  file?: string;
}

/** What one consumer declares it uses of one provider. */
export interface Declaration {
  consumer: string;
  provider: string;
  /** `"*"`: everything the provider offers counts as used. */
  uses: '*' | OperationUsage[];
  /**
   * The API name a Backstage `consumesApis` entry wrote. The registry resolves it to the service whose entity lists it
   * in `providesApis` (then `provider` is that service); unresolved, `provider` is the API name itself.
   */
  api?: string;
  /**
   * The gate's own: the provider name the consumer wrote, which no service has, taken for a misspelling of `provider`
   * (the registry's gather/misdirected-uses.ts); its reasons say so.
   */
  declaredAs?: string;
}

/** Calls a consumer was seen making to one provider operation in one environment (from traces or span metrics). */
export interface ObservedCall {
  consumer: string;
  /** The caller's `service.version`, when its telemetry names one: calls of a version the environment replaced do not count. */
  consumerVersion?: string;
  provider: string;
  /** `GET /users/{id}` as the provider's contract writes it. */
  operation: string;
  environment: string;
  count: number;
  /** ISO times. */
  firstSeen: string;
  lastSeen: string;
}

/** A service's manifest (`overseer.yaml` or Backstage `catalog-info.yaml`), read and validated. */
export interface Manifest {
  service: string;
  owners: string[];
  slack?: string;
  /** `slack_mention`: a Slack user group (`S…`) or user (`U…`, `W…`) id that messages mention. */
  slackMention?: string;
  repository?: string;
  /** Path of the provided contract, relative to the manifest's folder. */
  provides?: string;
  /** `hosts:`: lower-case host names the service is reached at, for spans that name no `peer.service`. */
  hosts?: string[];
  declarations: Declaration[];
  /** Read from a Backstage entity: its providers are API names (`consumesApis`), resolved by the registry to services. */
  providersAreApiNames?: true;
  /** A Backstage entity's `spec.providesApis`, without `api:`: publishing it claims these names for `service`. */
  providesApis?: string[];
  /** The file it was read from. */
  file?: string;
  /**
   * The consumer version it states, when built from the registry's listing (the Action's): two live versions of one
   * consumer are told apart by it, as files are by their file. `publishedFrom`: where its manifest was published from.
   */
  version?: string;
  publishedFrom?: { file: string; repository?: string; commit?: string };
}
