// Whose share of a lane a stranger's request counts against (lanes.ts): his address, an IPv6 one by its /64, since
// one host is given a whole /64 and may pick a new address in it for every request.

import { isIPv6 } from 'node:net';

/** The address `remote` counts as: IPv4 as it is (also when IPv4-mapped), IPv6 by its first four groups (its /64). */
export function addressShareKey(remote: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote);
  if (mapped) return mapped[1]!;
  if (!isIPv6(remote)) return remote;
  const [head = '', tail] = remote.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  // '::' stands for as many zero groups as the address lacks; only the first four are kept.
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
