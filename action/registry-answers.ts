// The registry's answers checked for their shape before the action reads them: a wrong `registry` URL that leads to
// another service answering 200 must fail with a sentence naming the URL, not a TypeError deep in the judging.

import type { ConsumerListing, RegistryEnvironment, RegistryService, VerdictReason } from '../contracts/index.js';
import { ActionError } from './errors.js';

type Check = (value: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string';
const isListOf = (check: Check) => (value: unknown) => Array.isArray(value) && value.every(check);

const isEnvironment: Check = (e) => isObject(e) && isText(e.name);
const isUse: Check = (u) => isObject(u) && isText(u.operation);
const isConsumerEntry: Check = (c) => isObject(c) && isText(c.consumer) && (c.uses === '*' || isListOf(isUse)(c.uses));
const isReason: Check = (r) => isObject(r) && isText(r.code) && isText(r.severity);

/** What each answer the action reads must look like, and what to call it when it does not. */
const ANSWERS = {
  environments: { what: 'a list of environments', check: isListOf(isEnvironment) },
  consumers: { what: 'a listing of consumers', check: (v: unknown) => isObject(v) && isListOf(isConsumerEntry)(v.consumers) },
  service: { what: 'a service', check: (v: unknown) => isObject(v) && isText(v.name) && isListOf(isText)(v.owners) },
  verdict: { what: 'a verdict', check: (v: unknown) => isObject(v) && isListOf(isReason)(v.reasons) },
} as const;

interface Shapes {
  environments: RegistryEnvironment[];
  consumers: ConsumerListing;
  service: RegistryService;
  verdict: { reasons: VerdictReason[] };
}

/**
 * Asks the registry at `registry` (`asked`: what, for the message) and returns the answer when it has the shape of
 * `kind`. The client unwraps some answers (`{ environments }`): one that is not an object fails there, as a TypeError.
 */
export async function ask<K extends keyof Shapes, T extends Shapes[K]>(kind: K, registry: string, asked: string, call: () => Promise<T>): Promise<T> {
  const { what, check } = ANSWERS[kind];
  let answer: T | undefined;
  try {
    answer = await call();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  if (answer !== undefined && check(answer)) return answer;
  throw new ActionError(
    'ERR_REGISTRY_RESPONSE',
    `the registry at ${registry} answered ${asked} with something that is not ${what}: is it an Overseer registry? (the \`registry\` input)`,
  );
}
