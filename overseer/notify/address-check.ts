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
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return INTERNAL.check(mapped[1], 'ipv4');
  return INTERNAL.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Why the URL's host may not be called, or undefined. An IP address written in the URL (and so on the allowlist)
 * is the operator's explicit choice and passes; a name passes only when none of its addresses is internal.
 */
export async function findAddressProblem(text: string, resolve = lookup): Promise<string | undefined> {
  const host = new URL(text).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return undefined;
  let addresses: { address: string }[];
  try {
    addresses = await resolve(host, { all: true });
  } catch {
    // A name that does not resolve reaches nothing; the delivery will say so if it still does not.
    return undefined;
  }
  const internal = addresses.find((a) => isInternalAddress(a.address));
  if (!internal) return undefined;
  return `host ${host} resolves to ${internal.address}, a loopback, link-local or private address: put that address itself on OVERSEER_WEBHOOK_ALLOWED_HOSTS to allow it`;
}
