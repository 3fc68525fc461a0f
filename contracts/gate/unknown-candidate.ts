// Why can-i-deploy judged nothing, said in the verdict's own reason: every door (JSON, text, dashboard) shows that
// reason, so the service a typo away, or what was published instead, belongs there and not on the CLI's stderr alone.

import { describeGuess } from '../usage/nearest-name.js';

/** What the registry found instead of the version asked about. */
export interface UnknownCandidateHint {
  /** The service no service is named was most likely meant as (a typo away, or shortened). */
  meant?: string;
  /** Undefined when the service is not known at all. */
  published?: { newest: string; sameVersion?: string };
}

const ADVICE = 'publish it before asking whether it can be deployed';

export function describeUnknownCandidate(service: string, version: string, hint: UnknownCandidateHint = {}): string {
  if (!hint.published)
    return hint.meant !== undefined ? `no service is named ${service}${describeGuess(hint.meant)}` : `no service is named ${service}: ${ADVICE}`;
  return describeUnpublished(service, version, hint.published, ADVICE);
}

/**
 * `users 1.1 is not published: did you mean 1.1.0?`, or `users 9.0.0 is not published (the newest published is 1.0.0):
 * <advice>`: the one sentence of can-i-deploy's reason and of record-deployment's refusal, so both read a version alike.
 * `flag` goes before the guess where it is a command's option (`--version 1.1.0`).
 */
export function describeUnpublished(service: string, version: string, published: { newest?: string; sameVersion?: string }, advice: string, flag = ''): string {
  const { newest, sameVersion } = published;
  if (sameVersion !== undefined) return `${service} ${version} is not published${describeGuess(`${flag}${sameVersion}`)}`;
  // Another number is another version, not a typo: 9.0.0 asked where 1.0.0 is published was not published yet.
  return `${service} ${version} is not published${newest !== undefined ? ` (the newest published is ${newest})` : ''}: ${advice}`;
}

/**
 * The published version `written` names in other words (`v1.1.0`, `1.1` for 1.1.0, `b97245a` for the commit hash it
 * abbreviates); none when it names another number. A version an edit away (1.0.1 for 1.0.0) is a release of its own,
 * likely not published yet, not a misspelling.
 */
export function findSameVersion(written: string, published: readonly string[]): string | undefined {
  return (
    indexOf(published)
      .get(normalize(written))
      ?.find((v) => v !== written) ?? findSameCommit(written, published)
  );
}

const COMMIT = /^[0-9a-f]{7,64}$/i;

/**
 * A pipeline publishes `$GITHUB_SHA` and a person asks with the 7 characters git prints (or the other way round): the
 * one published hash that begins with the other names the same commit. Two candidates are a guess, so none.
 */
function findSameCommit(written: string, published: readonly string[]): string | undefined {
  const asked = written.trim().toLowerCase();
  if (!COMMIT.test(asked)) return undefined;
  let found: string | undefined;
  for (const name of published) {
    const hash = name.toLowerCase();
    if (hash === asked || !COMMIT.test(hash) || !(hash.startsWith(asked) || asked.startsWith(hash))) continue;
    if (found !== undefined) return undefined;
    found = name;
  }
  return found;
}

// The store hands back the same list of names until the service's versions change, so each list's names are keyed by the
// version they write once: a stranger's made-up version of a service with 5,000 cost some 3 ms of normalising each ask.
const indexes = new WeakMap<readonly string[], Map<string, string[]>>();

/** Each version as written, the first two names (in the list's order) that write it: one of them is not the asked name. */
function indexOf(published: readonly string[]): Map<string, string[]> {
  let index = indexes.get(published);
  if (index) return index;
  index = new Map();
  for (const name of published) {
    const key = normalize(name);
    const named = index.get(key);
    if (!named) index.set(key, [name]);
    else if (named.length < 2) named.push(name);
  }
  indexes.set(published, index);
  return index;
}

function normalize(version: string): string {
  const [core = '', ...rest] = version
    .trim()
    .replace(/^v/i, '')
    .split(/(?=[-+])/);
  const parts = core.split('.');
  while (parts.length < 3) parts.push('0');
  return [parts.map((p) => p.replace(/^0+(?=\d)/, '')).join('.'), ...rest].join('').toLowerCase();
}
