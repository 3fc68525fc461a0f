// The registry's URL as given: its credentials taken out (fetch refuses them), and the usual slips named.

import { CommandError } from './io.js';

/**
 * The URL without its credentials (fetch refuses them, and every message shows the URL), and those credentials
 * as a Basic authorization for a proxy in front of the registry; a token, when given, is sent instead.
 */
export function splitBaseUrl(url: string): { base: string; basic?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CommandError(
      'ERR_REGISTRY_URL',
      `the registry URL is not a URL, got ${describeUrlValue(url)}${url.includes('://') ? ' (e.g. http://127.0.0.1:4010)' : ''}`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CommandError('ERR_REGISTRY_URL', `the registry URL must start with http:// or https://, got ${describeUrlValue(url)}`);
  }
  const credentials = parsed.username || parsed.password ? `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}` : undefined;
  parsed.username = '';
  parsed.password = '';
  const base = parsed.href.replace(/\/+$/, '');
  return credentials === undefined ? { base } : { base, basic: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

// `127.0.0.1:4010` and `localhost:4010` are the usual slips: the value as written (credentials hidden), and the fix.
function describeUrlValue(url: string): string {
  const shown = `"${url.replace(/^([^/]*\/\/)?[^/@]*@/, '$1***@')}"`;
  return url.includes('://') ? shown : `${shown}: did you mean http://${url.replace(/^[^/@]*@/, '***@')}?`;
}
