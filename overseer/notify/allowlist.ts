// Which webhook URLs the registry may call: https (unless allowed otherwise) to a host on the allowlist.
// Checked when a webhook is registered and again before each delivery, since the list may have changed.

export interface WebhookPolicy {
  /** `hooks.example.com`, `*.example.com` (any subdomain), or `host:port` for one port only. */
  allowedHosts: string[];
  allowHttp: boolean;
}

/** Why the URL is refused, or undefined when it may be called. */
export function findUrlProblem(text: string, policy: WebhookPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return policy.allowHttp ? 'the URL must start with https:// or http://' : 'the URL must use https (plain http needs OVERSEER_WEBHOOK_ALLOW_HTTP=true)';
  }
  // Credentials in the URL would be sent with every event and shown in listings.
  if (url.username !== '' || url.password !== '') return 'the URL must not carry a user name or password';
  if (policy.allowedHosts.length === 0) return 'no webhook host is allowed: set OVERSEER_WEBHOOK_ALLOWED_HOSTS';
  if (!isHostAllowed(url, policy.allowedHosts)) {
    return `host ${url.host} is not on the allowlist (OVERSEER_WEBHOOK_ALLOWED_HOSTS: ${policy.allowedHosts.join(', ')})`;
  }
  return undefined;
}

function isHostAllowed(url: URL, allowed: string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowed.some((entry) => {
    const [pattern, onlyPort] = splitEntry(entry.toLowerCase());
    if (onlyPort !== undefined && onlyPort !== port) return false;
    if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
    return host === pattern;
  });
}

/** `host:port` -> [host, port]; IPv6 entries are written in brackets, `[::1]:8080`. */
function splitEntry(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1], bracketed[2]];
  const colon = entry.lastIndexOf(':');
  if (colon > 0 && entry.indexOf(':') === colon && /^\d+$/.test(entry.slice(colon + 1))) return [entry.slice(0, colon), entry.slice(colon + 1)];
  return [entry, undefined];
}

/**
 * The URL's origin alone, for what anyone may read (the outbox): a secret may ride in the query string or in the path
 * (Slack's incoming webhooks, Discord, Teams). The admin lists the whole URL at GET /v1/webhooks.
 */
export function describeUrl(text: string): string {
  try {
    return new URL(text).origin;
  } catch {
    return text.replace(/[/?#].*$/s, '');
  }
}

/** `text` with every URL in it cut to its origin: rows written before describeUrl did so still name whole URLs. */
export function hideUrlPaths(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s/?#]+[^\s]*/g, (url) => describeUrl(url));
}
