// Host names a provider is reached at (the manifest's `hosts:`): one rule for the manifest, the registry and span matching.

import type { ObservedSpan } from './otlp.js';

/** Enough for every name a service answers to in every environment; more is a list copied from somewhere else. */
export const MAX_HOSTS = 50;

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/** The rule as a JSON Schema `pattern`, for the registry's routes. */
export const HOST_NAME_PATTERN = `^${LABEL}(?:\\.${LABEL})*$`;
const HOST_NAME = new RegExp(HOST_NAME_PATTERN);

/** A lower-case DNS name (`users.internal`, `users.example.com`): no scheme, port, path or wildcard. */
export function isHostName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && HOST_NAME.test(value);
}

/** A host as spans write it (`Users.Internal.`, `users.internal:8080`) in the form `hosts:` lists it, or undefined. */
export function normalizeHost(text: string): string | undefined {
  const host = text
    .trim()
    .toLowerCase()
    .replace(/:\d{1,5}$/, '')
    .replace(/\.$/, '');
  return isHostName(host) ? host : undefined;
}

/** The host a CLIENT span called: `server.address`, else the host of `url.full`. */
export function hostOfSpan(span: Pick<ObservedSpan, 'serverAddress' | 'url'>): string | undefined {
  if (span.serverAddress !== undefined) return normalizeHost(span.serverAddress);
  if (span.url === undefined || !URL.canParse(span.url)) return undefined;
  return normalizeHost(new URL(span.url).hostname);
}
