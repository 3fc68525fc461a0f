// Every dashboard URL is built here, so the links people paste into Slack keep one shape.

type QueryValues = Record<string, string | number | undefined>;

/** `?a=1&b=2` of the values that are set, in the order given; '' when none is. */
function buildQuery(values: QueryValues): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function servicesUrl(query: { q?: string; blocked?: string; page?: number } = {}): string {
  return `/${buildQuery({ q: query.q, blocked: query.blocked, page: query.page })}`;
}

export function serviceUrl(name: string, query: { environment?: string; from?: string; to?: string; page?: number; versions?: number } = {}): string {
  return `/services/${encodeURIComponent(name)}${buildQuery(query)}`;
}

export function migrationsUrl(name: string, query: { environment?: string } = {}): string {
  return `/services/${encodeURIComponent(name)}/migrations${buildQuery(query)}`;
}

interface GraphQuery {
  environment?: string;
  service?: string;
  hops?: number;
  by?: string;
  from?: string;
  to?: string;
}

export function graphUrl(query: GraphQuery = {}): string {
  return `/graph${buildQuery({ environment: query.environment, service: query.service, hops: query.hops, by: query.by, from: query.from, to: query.to })}`;
}

export function environmentsUrl(query: { page?: number } = {}): string {
  return `/environments${buildQuery(query)}`;
}

export function auditUrl(query: { service?: string; environment?: string } = {}): string {
  return `/audit${buildQuery(query)}`;
}

/** `about` names the verdict's service and environment: a link kept in Slack still leads somewhere once retention pruned it. */
export function verdictUrl(id: number, about: { service?: string; environment?: string } = {}): string {
  return `/verdicts/${id}${buildQuery(about)}`;
}

/**
 * The absolute form of a dashboard path, for links that leave the browser (Slack, PR comments). A base with a
 * path (`https://example.com/overseer`, behind a proxy) keeps it: `/verdicts/7` becomes `.../overseer/verdicts/7`.
 */
export function toAbsoluteUrl(base: string, path: string): string {
  return new URL(path.replace(/^\/+/, ''), base.endsWith('/') ? base : `${base}/`).toString();
}
