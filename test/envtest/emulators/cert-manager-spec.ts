// The Certificate spec as cert-manager's emulator (cert-manager.ts) reads it: the fields it emulates
// (anything else is an error naming the field), durations, and cert-manager's key defaults.
import type { ListedObject } from './emulator.js';
import type { KeySpec } from './openssl.js';

export interface CertificateSpec {
  secretName: string;
  issuerRef: { name: string; kind?: string; group?: string };
  commonName?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  uris?: string[];
  duration?: string;
  renewBefore?: string;
  isCA?: boolean;
  privateKey?: { algorithm?: KeySpec['algorithm']; size?: number; encoding?: KeySpec['encoding']; rotationPolicy?: 'Always' | 'Never' };
  usages?: string[];
  additionalOutputFormats?: { type: string }[];
  secretTemplate?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  revisionHistoryLimit?: number;
}
const EMULATED_FIELDS: ReadonlySet<string> = new Set([
  'secretName',
  'issuerRef',
  'commonName',
  'dnsNames',
  'ipAddresses',
  'uris',
  'duration',
  'renewBefore',
  'isCA',
  'privateKey',
  'usages',
  'additionalOutputFormats',
  'secretTemplate',
  'revisionHistoryLimit',
]);

/** A Go duration ("8760h", "2160h0m0s") in seconds. */
export function goDurationSeconds(field: string, text: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1 };
  const parts = [...text.matchAll(/(\d+)(h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`${field} "${text}" is not a duration of h, m and s (e.g. 8760h)`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}

export function certificateSpecOf(certificate: ListedObject): CertificateSpec {
  const spec = (certificate as unknown as { spec: CertificateSpec & Record<string, unknown> }).spec;
  const extra = Object.keys(spec).filter((k) => !EMULATED_FIELDS.has(k));
  if (extra.length > 0)
    throw new Error(`Certificate ${certificate.metadata.name}: spec.${extra.join(', spec.')} not emulated; emulated: ${[...EMULATED_FIELDS].join(', ')}`);
  const formats = (spec.additionalOutputFormats ?? []).map((f) => f.type).filter((t) => t !== 'CombinedPEM');
  if (formats.length > 0)
    throw new Error(`Certificate ${certificate.metadata.name}: spec.additionalOutputFormats ${formats.join(', ')} not emulated; emulated: CombinedPEM`);
  return spec;
}

export function keySpecOf(spec: CertificateSpec): KeySpec {
  const algorithm = spec.privateKey?.algorithm ?? 'RSA';
  // cert-manager's defaults: RSA 2048, ECDSA P-256, encoding PKCS1.
  const size = spec.privateKey?.size ?? (algorithm === 'ECDSA' ? 256 : 2048);
  return { algorithm, size, encoding: spec.privateKey?.encoding ?? 'PKCS1' };
}
