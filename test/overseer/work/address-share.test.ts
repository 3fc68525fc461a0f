// The address a stranger's gate questions count against: IPv4 as it is, IPv6 by its /64, however it is written.

import { describe, expect, it } from 'vitest';
import { addressShareKey } from '../../../overseer/work/address-share.js';

describe('addressShareKey', () => {
  it('keeps an IPv4 address, also one written IPv4-mapped', () => {
    expect(addressShareKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressShareKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every address of one IPv6 /64 as one, however it is abbreviated', () => {
    const one = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:eeee:dddd:cccc', '2001:0db8:0001:0002:0:0:0:9', '2001:db8:1:2::'];
    expect(new Set(one.map(addressShareKey))).toEqual(new Set(['2001:db8:1:2::/64']));
    expect(addressShareKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressShareKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressShareKey('::1')).toBe('0:0:0:0::/64');
    expect(addressShareKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('leaves what is no address as it is (a socket that lost its address counts as one)', () => {
    expect(addressShareKey('')).toBe('');
  });
});
