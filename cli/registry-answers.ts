// The shapes of the registry's answers, checked by the client before anyone reads them: a wrong registry URL that
// leads to another service answering 200 must fail with a sentence naming the URL and the request, never a TypeError
// in a listing (`overseer environments`) or in the Action's judging. Shallow: what the callers read, not every field.

type Check = (value: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string';
const isListOf = (check: Check) => (value: unknown) => Array.isArray(value) && value.every(check);
/** An object whose `key` passes `check`. */
const has = (key: string, check: Check) => (value: unknown) => isObject(value) && check(value[key]);
const named = (key: string) => has(key, isText);
const both = (a: Check, b: Check) => (value: unknown) => a(value) && b(value);

const isService = both(named('name'), has('owners', isListOf(isText)));
const isVersion = both(named('service'), named('version'));
const isEnvironment = named('name');
const isDeployment = both(isVersion, named('environment'));
const isUse = named('operation');
const isConsumerEntry = both(
  named('consumer'),
  has('uses', (uses) => uses === '*' || isListOf(isUse)(uses)),
);
const isReason = both(named('code'), named('severity'));
const isNotification = both(named('status'), named('channel'));
const isGap = both(named('service'), both(named('problem'), named('fix')));

/** Each kind of answer: what to call it in a message, and whether a value has its shape. */
export const ANSWERS = {
  health: { what: 'a health answer', check: named('status') },
  service: { what: 'a service', check: isService },
  'service write': { what: 'a service', check: has('service', isService) },
  services: { what: 'a list of services', check: has('services', isListOf(isService)) },
  publication: { what: 'a publication', check: both(named('status'), has('version', isVersion)) },
  version: { what: 'a version', check: isVersion },
  versions: { what: 'a list of versions', check: has('versions', isListOf(isVersion)) },
  declarations: { what: 'a list of declarations', check: has('declarations', isListOf(named('provider'))) },
  usage: { what: 'a listing of uses', check: has('uses', isListOf(isObject)) },
  consumers: { what: 'a listing of consumers', check: has('consumers', isListOf(isConsumerEntry)) },
  migrations: { what: 'a list of migrations', check: has('migrations', isListOf(isObject)) },
  deployment: { what: 'a deployment', check: both(named('status'), has('deployment', isDeployment)) },
  'ended deployments': { what: 'a list of ended deployments', check: has('ended', isListOf(isDeployment)) },
  environments: { what: 'a list of environments', check: has('environments', isListOf(isEnvironment)) },
  'environment write': { what: 'an environment', check: both(named('status'), has('environment', isEnvironment)) },
  deployments: { what: 'a list of deployments', check: has('deployments', isListOf(isDeployment)) },
  verdict: { what: 'a verdict', check: has('reasons', isListOf(isReason)) },
  verdicts: { what: 'a list of verdicts', check: has('verdicts', isListOf(has('reasons', isListOf(isReason)))) },
  token: { what: 'a token', check: both(named('name'), named('token')) },
  claim: { what: 'a moved host or API name', check: both(named('to'), named('status')) },
  tokens: { what: 'a list of tokens', check: has('tokens', isListOf(both(named('name'), named('scope')))) },
  notifications: {
    what: 'a list of notifications',
    check: both(has('notifications', isListOf(isNotification)), (value) => !isObject(value) || value.gaps === undefined || isListOf(isGap)(value.gaps)),
  },
  notification: { what: 'a notification', check: has('notification', isNotification) },
} as const satisfies Record<string, { what: string; check: Check }>;

export type AnswerKind = keyof typeof ANSWERS;

/** Where the registry's URL was set, as the message's hint: the CLI's flag and variable, or the Action's input. */
export const CLI_URL_SETTING = '--registry, OVERSEER_URL';

/** The sentence for an answer of the wrong shape (or none: an empty 200), naming the URL, the request and where the URL is set. */
export function describeWrongAnswer(kind: AnswerKind, registry: string, asked: string, setting: string = CLI_URL_SETTING): string {
  return `the registry at ${registry} answered ${asked} with something that is not ${ANSWERS[kind].what}: is it an Overseer registry? (${setting})`;
}
