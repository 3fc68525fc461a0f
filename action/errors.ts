// Every way the action can fail to decide, turned into one clear sentence for the log, the summary and the comment.

import { RegistryError } from '../cli/client.js';
import { ContractError, ManifestError, PolicyError } from '../contracts/index.js';

/** A failure that stops the action without a decision (the step fails, exit 2). */
export class ActionError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ActionError';
    this.code = code;
  }
}

/** Where a failure is in a file of the workspace, for the annotation's `file`, `line` and `col`; nothing for other files. */
export function locateFailure(error: unknown, workspaceFiles: readonly string[]): { file?: string; line?: number; col?: number } {
  if (!(error instanceof ContractError || error instanceof ManifestError || error instanceof PolicyError)) return {};
  // The base contract is read as `path@sha`: not a file of the pull request's checkout, so GitHub could not pin it.
  if (!workspaceFiles.includes(error.file)) return {};
  const col = error instanceof ContractError ? error.column : undefined;
  return { file: error.file, ...(error.line === undefined ? {} : { line: error.line }), ...(col === undefined ? {} : { col }) };
}

// Our failures by class: Node's own errors carry ERR_ codes too (ERR_INVALID_ARG_TYPE), which docs/ERRORS.md does not explain.
const OURS = [ActionError, ContractError, ManifestError, PolicyError, RegistryError];

/** The stable code of a failure (`ERR_CONTRACT_SYNTAX`), which docs/ERRORS.md explains; nothing for an unexpected one. */
export function findFailureCode(error: unknown): string | undefined {
  // The CLI client's own failures (registry unreachable, not a registry) are CommandErrors, which the action does not import.
  const ours = OURS.some((kind) => error instanceof kind) || (error instanceof Error && error.name === 'CommandError');
  const code = (error as { code?: unknown } | undefined)?.code;
  return ours && typeof code === 'string' && /^ERR_[A-Z0-9_]+$/.test(code) ? code : undefined;
}

/** The annotation's title: the code in it, since a title is what the checks list shows and what a search needs. */
export function titleFailure(error: unknown): string {
  const code = findFailureCode(error);
  return code ? `Overseer could not decide (${code})` : 'Overseer could not decide';
}

/** What went wrong, said so that nobody mistakes it for "safe" or "no consumers". */
export function describeFailure(error: unknown): string {
  if (error instanceof ActionError || error instanceof ManifestError) return error.message;
  if (error instanceof ContractError) return `contract unreadable: ${error.message}`;
  // Every problem of the waivers file, each as `file:line: text`.
  if (error instanceof PolicyError) return `waivers unreadable: ${error.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('; ')}`;
  if (error instanceof RegistryError) return describeRegistryError(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = (error as Error | undefined)?.message ?? String(error);
  // The client's own hint names CLI flags; here the setting is the `registry` input.
  // A host name no DNS knows already asks whether the input is right, naming it.
  if (code === 'ERR_REGISTRY_UNREACHABLE' && !/: is it running\?/.test(message)) return `registry unreachable: ${message}`;
  if (code === 'ERR_REGISTRY_UNREACHABLE')
    return `registry unreachable: ${message.replace(/: is it running\?.*$/, '')}: is it running, and is the \`registry\` input right?`;
  if (code === 'ERR_REGISTRY_RESPONSE' || code === 'ERR_REGISTRY_URL') return `registry unusable: ${message}`;
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number') return `the GitHub API answered ${status}: ${message}`;
  return `unexpected failure: ${message}`;
}

function describeRegistryError(error: RegistryError): string {
  if (error.code === 'ERR_SERVICE_UNKNOWN')
    return `${error.message}: the registry does not know this service; publish it first (overseer publish) or set the \`service\` input`;
  if (error.status === 401 || error.status === 403)
    return `the registry refused the request (${error.code}): ${error.message}; check the \`registry-token\` input`;
  return `the registry could not answer (${error.status} ${error.code}): ${error.message}`;
}
