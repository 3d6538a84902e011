import { describe, expect, it } from 'vitest';
import { ipBucket } from '../../src/subscribers/signup-guard.js';

describe('ipBucket', () => {
  it('keeps an IPv4 address, also when it comes IPv4-mapped', () => {
    expect(ipBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(ipBucket('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('puts every IPv6 address of one /64 in one bucket, however it is written', () => {
    const bucket = '2001:db8:1:2::/64';
    for (const ip of ['2001:db8:1:2::1', '2001:0DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2:0:0:0:9', '2001:db8:1:2::1%eth0']) {
      expect(ipBucket(ip)).toBe(bucket);
    }
    expect(ipBucket('2001:db8:1:3::1')).not.toBe(bucket);
    expect(ipBucket('::1')).toBe('0:0:0:0::/64');
    expect(ipBucket('2001:db8::')).toBe('2001:db8:0:0::/64');
  });
});
