// A webhook host name must not lead into the registry's own network: the name is resolved and every address it
// gives is checked, so `hooks.example.com` pointed at 127.0.0.1 or 169.254.169.254 is refused.

import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

/** Loopback, link-local, private or unspecified; IPv4 written inside IPv6 (`::ffff:127.0.0.1`) counts as IPv4. */
function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return INTERNAL.check(mapped[1], 'ipv4');
  return INTERNAL.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** How a host name is resolved: `dns.promises.lookup`'s shape, so that tests can give a resolver of their own. */
export type Resolve = (host: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

/** The address a delivery connects to: the one that was checked, whatever the name resolves to a moment later. */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Checks the URL's host and says where to connect. An IP address written in the URL (and so on the allowlist) is the
 * operator's explicit choice and passes, unpinned; a name passes only when none of its addresses is internal, and is
 * pinned to the first of them. A name that does not resolve is a problem the caller may retry.
 */
export async function checkWebhookHost(text: string, resolve: Resolve = lookup): Promise<{ problem: string; unresolved?: true } | { pinned?: PinnedAddress }> {
  const host = new URL(text).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return {};
  let addresses: { address: string; family: number }[];
  try {
    addresses = await resolve(host, { all: true });
  } catch (error) {
    return { problem: `host ${host} does not resolve (${(error as { code?: string }).code ?? String(error)})`, unresolved: true };
  }
  const internal = addresses.find((a) => isInternalAddress(a.address));
  if (internal) {
    return {
      problem: `host ${host} resolves to ${internal.address}, a loopback, link-local or private address: put that address itself on OVERSEER_WEBHOOK_ALLOWED_HOSTS to allow it`,
    };
  }
  const [first] = addresses;
  if (!first) return { problem: `host ${host} resolves to no address`, unresolved: true };
  return { pinned: { address: first.address, family: isIP(first.address) === 6 ? 6 : 4 } };
}

/** Why the URL's host may not be registered, or undefined; a name that does not resolve yet is not refused here. */
export async function findAddressProblem(text: string, resolve: Resolve = lookup): Promise<string | undefined> {
  const checked = await checkWebhookHost(text, resolve);
  return 'problem' in checked && !checked.unresolved ? checked.problem : undefined;
}
