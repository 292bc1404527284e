// Key pairs and X.509 certificates for the cert-manager emulator (cert-manager.ts): keys from
// node:crypto in the encoding cert-manager writes, certificates from the `openssl` CLI with the
// extensions cert-manager's pki package puts in (pkg/util/pki of cert-manager v1.21: basic
// constraints, key usage, extended key usage, SANs, subject key id). Each call works in a temporary
// directory it removes again; openssl's stderr becomes the error message.
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeySpec {
  readonly algorithm: 'RSA' | 'ECDSA' | 'Ed25519';
  /** RSA modulus bits, or the ECDSA curve's bits (256, 384, 521); ignored for Ed25519. */
  readonly size: number;
  /** PKCS1 (RSA: `RSA PRIVATE KEY`, ECDSA: SEC 1 `EC PRIVATE KEY`) or PKCS8; Ed25519 is always PKCS8. */
  readonly encoding: 'PKCS1' | 'PKCS8';
}

const CURVES: Readonly<Record<number, string>> = { 256: 'prime256v1', 384: 'secp384r1', 521: 'secp521r1' };

/** A new private key, PEM. */
export function generateKey(spec: KeySpec): string {
  if (spec.algorithm === 'Ed25519') return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  if (spec.algorithm === 'RSA') {
    const type = spec.encoding === 'PKCS8' ? 'pkcs8' : 'pkcs1';
    return generateKeyPairSync('rsa', { modulusLength: spec.size }).privateKey.export({ type, format: 'pem' }).toString();
  }
  const namedCurve = CURVES[spec.size];
  if (!namedCurve) throw new Error(`privateKey.size ${spec.size} is not an ECDSA curve size; accepted: 256, 384, 521`);
  const type = spec.encoding === 'PKCS8' ? 'pkcs8' : 'sec1';
  return generateKeyPairSync('ec', { namedCurve }).privateKey.export({ type, format: 'pem' }).toString();
}

// cert-manager's KeyUsageType and ExtKeyUsageType (pkg/api/util/usages.go) in openssl's names.
const KEY_USAGES: Readonly<Record<string, string>> = {
  signing: 'digitalSignature',
  'digital signature': 'digitalSignature',
  'content commitment': 'nonRepudiation',
  'key encipherment': 'keyEncipherment',
  'key agreement': 'keyAgreement',
  'data encipherment': 'dataEncipherment',
  'cert sign': 'keyCertSign',
  'crl sign': 'cRLSign',
  'encipher only': 'encipherOnly',
  'decipher only': 'decipherOnly',
};
const EXT_KEY_USAGES: Readonly<Record<string, string>> = {
  any: 'anyExtendedKeyUsage',
  'server auth': 'serverAuth',
  'client auth': 'clientAuth',
  'code signing': 'codeSigning',
  'email protection': 'emailProtection',
  's/mime': 'emailProtection',
  'ipsec end system': 'ipsecEndSystem',
  'ipsec tunnel': 'ipsecTunnel',
  'ipsec user': 'ipsecUser',
  timestamping: 'timeStamping',
  'ocsp signing': 'OCSPSigning',
  'microsoft sgc': 'msSGC',
  'netscape sgc': 'nsSGC',
};
/** cert-manager's DefaultKeyUsages, used when spec.usages is empty. */
export const DEFAULT_USAGES: readonly string[] = ['digital signature', 'key encipherment'];

export interface CertificateRequest {
  readonly key: string;
  readonly commonName?: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly uris: readonly string[];
  readonly usages: readonly string[];
  readonly isCA: boolean;
  readonly days: number;
}

/** The CA that signs: its certificate and key, PEM. */
export interface Signer {
  readonly cert: string;
  readonly key: string;
}

function extensions(req: CertificateRequest, signed: boolean): string {
  const unknown = req.usages.filter((u) => !KEY_USAGES[u] && !EXT_KEY_USAGES[u]);
  if (unknown.length > 0)
    throw new Error(`spec.usages: unknown usages ${unknown.join(', ')}; accepted: ${[...Object.keys(KEY_USAGES), ...Object.keys(EXT_KEY_USAGES)].join(', ')}`);
  const ku = new Set(req.usages.flatMap((u) => (KEY_USAGES[u] ? [KEY_USAGES[u]] : [])));
  if (req.isCA) ku.add('keyCertSign');
  const eku = [...new Set(req.usages.flatMap((u) => (EXT_KEY_USAGES[u] ? [EXT_KEY_USAGES[u]] : [])))];
  const sans = [...req.dnsNames.map((n) => `DNS:${n}`), ...req.ipAddresses.map((n) => `IP:${n}`), ...req.uris.map((n) => `URI:${n}`)];
  return [
    '[req]',
    'distinguished_name = dn',
    '[dn]',
    '[v3]',
    `basicConstraints = critical, CA:${req.isCA ? 'TRUE' : 'FALSE'}`,
    ...(ku.size > 0 ? [`keyUsage = critical, ${[...ku].join(', ')}`] : []),
    ...(eku.length > 0 ? [`extendedKeyUsage = ${eku.join(', ')}`] : []),
    ...(sans.length > 0 ? [`subjectAltName = ${req.commonName ? '' : 'critical, '}${sans.join(', ')}`] : []),
    'subjectKeyIdentifier = hash',
    ...(signed ? ['authorityKeyIdentifier = keyid'] : []),
    '',
  ].join('\n');
}

/** `-subj` syntax: `/` and `\` escaped. */
const subject = (commonName: string | undefined) => (commonName ? `/CN=${commonName.replace(/[\\/+]/g, (c) => `\\${c}`)}` : '/');

/** Go's x509 picks the digest by the signing key: SHA-384 for P-384, SHA-512 for P-521, none for Ed25519, SHA-256 otherwise. */
function digest(signerKey: string): string[] {
  const key = createPrivateKey(signerKey);
  if (key.asymmetricKeyType === 'ed25519') return [];
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === 'secp384r1' ? ['-sha384'] : curve === 'secp521r1' ? ['-sha512'] : ['-sha256'];
}

function openssl(args: readonly string[], input?: string): string {
  const res = spawnSync('openssl', args, { input, encoding: 'utf8', timeout: 30_000 });
  if (res.error) throw new Error(`cannot run openssl: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`openssl ${args[0]} exited with ${res.status}: ${res.stderr.trim()}`);
  return res.stdout;
}

/** A certificate for `req`, PEM: signed by `signer`, or self-signed without one. */
export function issueCertificate(req: CertificateRequest, signer?: Signer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cert-manager-emulator-'));
  try {
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text, { mode: 0o600 });
      return join(dir, name);
    };
    const key = file('key.pem', req.key);
    const config = file('openssl.cnf', extensions(req, signer !== undefined));
    const out = join(dir, 'cert.pem');
    const serial = `0x${randomBytes(16)
      .toString('hex')
      .replace(/^[89a-f]/, '7')}`;
    const common = ['-set_serial', serial, '-days', String(req.days), '-out', out];
    if (!signer) {
      openssl(['req', '-new', '-x509', '-key', key, '-subj', subject(req.commonName), '-config', config, '-extensions', 'v3', ...digest(req.key), ...common]);
    } else {
      const csr = join(dir, 'req.csr');
      openssl(['req', '-new', '-key', key, '-subj', subject(req.commonName), '-config', config, '-out', csr]);
      const [caCert, caKey] = [file('ca.pem', signer.cert), file('ca.key', signer.key)];
      openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-extfile', config, '-extensions', 'v3', ...digest(signer.key), ...common]);
    }
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
