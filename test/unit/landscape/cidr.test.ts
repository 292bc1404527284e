import { describe, expect, it } from 'vitest';
import { contains, formatCidr, overlaps, parseCidr } from '../../../charts/landscape/validate/cidr.js';

const c = (text: string) => {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`not a CIDR: ${text}`);
  return cidr;
};

describe('IPv4 CIDR helpers', () => {
  it('detects host bits and names the canonical network', () => {
    expect(c('10.162.1.0/16').hostBitsSet).toBe(true);
    expect(formatCidr(c('10.162.1.0/16'))).toBe('10.162.0.0/16');
    expect(c('10.128.0.0/11').hostBitsSet).toBe(false);
    expect(formatCidr(c('255.255.255.255/32'))).toBe('255.255.255.255/32');
    expect(formatCidr(c('192.168.7.9/0'))).toBe('0.0.0.0/0');
  });

  it('overlap is symmetric and exact at the boundaries', () => {
    expect(overlaps(c('10.4.0.0/14'), c('10.7.255.0/24'))).toBe(true);
    expect(overlaps(c('10.7.255.0/24'), c('10.4.0.0/14'))).toBe(true);
    expect(overlaps(c('10.4.0.0/14'), c('10.8.0.0/20'))).toBe(false);
    expect(overlaps(c('0.0.0.0/0'), c('185.1.2.0/24'))).toBe(true);
    expect(overlaps(c('10.128.0.0/22'), c('10.128.4.0/22'))).toBe(false);
  });

  it('containment requires the whole inner range', () => {
    expect(contains(c('10.128.0.0/14'), c('10.131.252.0/22'))).toBe(true);
    expect(contains(c('10.128.0.0/14'), c('10.130.0.0/13'))).toBe(false);
    expect(contains(c('10.128.0.0/14'), c('10.132.0.0/22'))).toBe(false);
    expect(contains(c('0.0.0.0/0'), c('255.255.255.255/32'))).toBe(true);
  });

  it('rejects what is not an IPv4 CIDR', () => {
    expect(parseCidr('10.300.0.0/16')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });
});
