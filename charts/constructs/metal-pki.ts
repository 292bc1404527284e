import { Construct } from 'constructs';
import {
  Certificate,
  CertificateSpecAdditionalOutputFormatsType,
  CertificateSpecPrivateKeyAlgorithm,
  CertificateSpecPrivateKeyRotationPolicy,
  CertificateSpecUsages,
  Issuer,
} from '../imports/cert-manager.io.js';

/** What a certificate is used for: TLS server, TLS client (mutual TLS), or both. */
export type CertificateRole = 'server' | 'client' | 'server-and-client';

export interface LeafCertificate {
  /** Certificate name; the Secret is `<name>-tls`. */
  readonly name: string;
  readonly role: CertificateRole;
  readonly commonName: string;
  /** DNS SANs; required for server certificates. */
  readonly dnsNames?: readonly string[];
  /** Also write `tls-combined.pem` (key and certificate in one file) for clients that read a single PEM. Default: false. */
  readonly combinedPem?: boolean;
}

export interface MetalPkiProps {
  readonly namespace: string;
  /** Prefix of the issuers and the CA certificate. Default: `metal`. */
  readonly prefix?: string;
  /** Common name of the CA. Default: `metal-stack control plane CA`. */
  readonly caCommonName?: string;
  readonly certificates: readonly LeafCertificate[];
}

/** Secret name cert-manager writes a leaf certificate to (keys `tls.crt`, `tls.key`, `ca.crt`). */
export function certificateSecretName(name: string): string {
  return `${name}-tls`;
}

export function usagesOf(role: CertificateRole): CertificateSpecUsages[] {
  const base = [CertificateSpecUsages.DIGITAL_SIGNATURE, CertificateSpecUsages.KEY_ENCIPHERMENT];
  if (role === 'server') return [...base, CertificateSpecUsages.SERVER_AUTH];
  if (role === 'client') return [...base, CertificateSpecUsages.CLIENT_AUTH];
  return [...base, CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.CLIENT_AUTH];
}

/**
 * The metal-stack control-plane PKI, made by cert-manager instead of hand-made files: a self-signed
 * Issuer signs one CA Certificate, a CA Issuer on that CA signs the leaf certificates. Every
 * component trusts `ca.crt` from its own Secret, so all leaves chain to the same CA. cert-manager
 * renews leaves before expiry; the CA lives ten years.
 */
export class MetalPki extends Construct {
  readonly caIssuerName: string;

  constructor(scope: Construct, id: string, props: MetalPkiProps) {
    super(scope, id);
    const prefix = props.prefix ?? 'metal';
    const namespace = props.namespace;
    const selfSigned = `${prefix}-selfsigned`;
    const caName = `${prefix}-ca`;
    this.caIssuerName = caName;

    new Issuer(this, 'selfsigned', { metadata: { name: selfSigned, namespace }, spec: { selfSigned: {} } });
    new Certificate(this, 'ca', {
      metadata: { name: caName, namespace },
      spec: {
        isCa: true,
        commonName: props.caCommonName ?? 'metal-stack control plane CA',
        secretName: caName,
        duration: '87600h',
        renewBefore: '720h',
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 384, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.NEVER },
        issuerRef: { kind: 'Issuer', name: selfSigned, group: 'cert-manager.io' },
      },
    });
    new Issuer(this, 'ca-issuer', { metadata: { name: caName, namespace }, spec: { ca: { secretName: caName } } });

    const seen = new Set<string>();
    for (const leaf of [...props.certificates].sort((a, b) => a.name.localeCompare(b.name))) {
      if (seen.has(leaf.name)) throw new Error(`MetalPki: certificate ${JSON.stringify(leaf.name)} is defined twice`);
      seen.add(leaf.name);
      const dnsNames = [...new Set(leaf.dnsNames ?? [])].sort();
      if (leaf.role !== 'client' && dnsNames.length === 0) {
        throw new Error(`MetalPki: server certificate ${JSON.stringify(leaf.name)} needs at least one DNS name`);
      }
      new Certificate(this, leaf.name, {
        metadata: { name: leaf.name, namespace },
        spec: {
          secretName: certificateSecretName(leaf.name),
          commonName: leaf.commonName,
          ...(dnsNames.length > 0 ? { dnsNames } : {}),
          usages: usagesOf(leaf.role),
          duration: '8760h',
          renewBefore: '720h',
          privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
          ...(leaf.combinedPem ? { additionalOutputFormats: [{ type: CertificateSpecAdditionalOutputFormatsType.COMBINED_PEM }] } : {}),
          issuerRef: { kind: 'Issuer', name: caName, group: 'cert-manager.io' },
        },
      });
    }
  }
}
