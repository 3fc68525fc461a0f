// The one catalogue of store errors: routes map each code to an HTTP status, the CLI to an exit code.

const STORE_ERROR_CODES = [
  'ERR_SERVICE_INVALID',
  'ERR_SERVICE_UNKNOWN',
  'ERR_SERVICE_HOST_TAKEN',
  'ERR_API_TAKEN',
  'ERR_REPOSITORY_TAKEN',
  'ERR_VERSION_INVALID',
  'ERR_VERSION_UNKNOWN',
  'ERR_VERSION_CONFLICT',
  'ERR_CONTRACT_INVALID',
  'ERR_DECLARATION_INVALID',
  'ERR_ENVIRONMENT_INVALID',
  'ERR_ENVIRONMENT_CONFLICT',
  'ERR_DEPLOYMENT_UNKNOWN',
  'ERR_IDEMPOTENCY_KEY_REUSED',
  'ERR_TOKEN_INVALID',
  'ERR_TOKEN_CONFLICT',
  'ERR_STORE_BUSY',
  'ERR_STORE_SCHEMA',
  'ERR_STORE_LOCKED',
] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  /** Machine-readable facts about the failure (which service, which part conflicts...). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: StoreErrorCode, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

/** A host another service lists already: a host names one service. The message gives `claimant` the way out of a squat. */
export function hostTaken(host: string, owner: string, claimant: string): StoreError {
  const way = `remove it from one of the two manifests, or, if it is ${claimant}'s, the registry's admin gives it: overseer claim host ${host} --service ${claimant}`;
  return new StoreError('ERR_SERVICE_HOST_TAKEN', `host ${host} is already listed by ${owner}: a host names one service; ${way}`, { host, service: owner });
}
