// OpenAPI 3.x lets a Responses Object describe a range of statuses (`2XX`, for 200 to 299), and an explicit code takes
// precedence over the range that covers it. A `200` rewritten as `2XX` is still described to its client, so the two
// are compared as one response, not reported as a status removed and another added. Only success ranges (2XX, 3XX):
// their bodies are what consumers read; an error status beside `4XX` (Discord's 429) is not compared with the range.

const RANGE = /^[23]XX$/i;

/** The range key of `responses` (`2XX`, or `2xx` as some write it) that covers the explicit status `status`. */
export function coveringStatusRange(status: string, responses: Record<string, unknown>): string | undefined {
  if (!/^[23]\d\d$/.test(status)) return undefined;
  return Object.keys(responses).find((key) => RANGE.test(key) && key[0] === status[0]);
}

/** The explicit statuses of `responses` that the range `range` covers (`200`, `204` for `2XX`): still described where the range is dropped. */
export function statusesInRange(range: string, responses: Record<string, unknown>): string[] {
  if (!RANGE.test(range)) return [];
  return Object.keys(responses).filter((key) => /^[23]\d\d$/.test(key) && key[0] === range[0]);
}
