// The registry's HTTP API (`/v1`): what the server sends and its clients read, so that neither imports the other.
// Its bounds and error body are here; the bodies of its requests and answers are in wire/, a file for each thing done.
/**
 * How long the registry lets one task hold a worker (a gate question, a check, a publication's parse) before it answers
 * 422 ERR_WORK_TIMEOUT (OVERSEER_WORK_TIMEOUT_MS). Stripe's 4 MB publication takes a few seconds; a hostile 16 MB
 * document of 300,000 operations took 150.
 */
export const WORK_TIMEOUT_MS = 120_000;

/**
 * How long a client waits for the registry's whole answer (OVERSEER_TIMEOUT_MS): past the registry's own bound, with
 * room for the wait in its queue and the store's reads, so that a slow but legitimate answer, or the registry's own
 * ERR_WORK_TIMEOUT, reaches the client instead of being abandoned while the registry still works on it.
 */
export const CLIENT_TIMEOUT_MS = WORK_TIMEOUT_MS + 30_000;

/** Every error the registry sends: `code` is stable (`ERR_<NOUN>_<PROBLEM>`), `message` is for people. */
export interface ApiErrorBody {
  code: string;
  message: string;
  /** The line of the uploaded contract or manifest the problem is on. */
  line?: number;
}

export * from './wire/admin.js';
export * from './wire/asks.js';
export * from './wire/deployments.js';
export * from './wire/publish.js';
export * from './wire/uses.js';
