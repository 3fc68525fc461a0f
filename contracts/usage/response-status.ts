// Which of an operation's responses answer the statuses a consumer expects (a Pact's `response.status`): the most
// specific key answers a status (`404`, else `4XX`, else `default`), as OpenAPI's Responses Object says.

const isRange = (key: string) => /^[1-5]XX$/i.test(key);

/** Whether response key `key` and expected status `read` (a code or a class) can be the same answer. */
export function statusOverlaps(key: string, read: string): boolean {
  if (key.toUpperCase() === read.toUpperCase()) return true;
  return (isRange(key) || isRange(read)) && key[0] === read[0];
}

/**
 * The response keys that answer `statuses`: for a code, its own key, else its class's range, else `default`; for a
 * class (`4XX`), every key within it, else `default`. Absent statuses: the success ones, or all when there are none.
 */
export function selectStatuses(keys: string[], statuses: readonly string[] | undefined): string[] {
  if (statuses === undefined) {
    const success = keys.filter((k) => /^[23]/.test(k));
    return success.length > 0 ? success : keys;
  }
  const chosen = new Set<string>();
  for (const read of statuses) {
    const exact = keys.filter((k) => k.toUpperCase() === read.toUpperCase());
    const within = isRange(read) ? keys.filter((k) => k[0] === read[0]) : [];
    const range = keys.filter((k) => isRange(k) && k[0] === read[0]);
    const best = exact.length > 0 ? exact : within.length > 0 ? within : range.length > 0 ? range : keys.filter((k) => k === 'default');
    for (const key of best) chosen.add(key);
  }
  return [...chosen];
}

/** The statuses a use expects (a pact's 404) that no response key answers: no code, range or `default`. */
export function unansweredStatuses(keys: string[], statuses: readonly string[] | undefined): string[] | undefined {
  const missing = (statuses ?? []).filter((status) => selectStatuses(keys, [status]).length === 0);
  return missing.length > 0 ? missing : undefined;
}
