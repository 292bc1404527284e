/** IPv4 CIDR arithmetic for the network rules; inputs are already syntax-checked by the schema. */
export interface Cidr {
  /** Network address with host bits cleared, as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
  /** Whether the written address had host bits set (e.g. 10.1.2.0/16). */
  readonly hostBitsSet: boolean;
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function parseCidr(text: string): Cidr | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0) >>> 0;
  const base = (address & mask(prefix)) >>> 0;
  return { base, prefix, hostBitsSet: base !== address };
}

export function formatCidr(cidr: Cidr): string {
  const b = cidr.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${cidr.prefix}`;
}

/** Size of the range, as a float to stay exact for /0. */
function lastAddress(cidr: Cidr): number {
  return cidr.base + 2 ** (32 - cidr.prefix) - 1;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

/** Whether `inner` lies completely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && lastAddress(inner) <= lastAddress(outer);
}
