// Stands in for cert-manager's controller (v1.21): the issuer controllers of the SelfSigned and CA
// issuers (pkg/issuer/selfsigned, pkg/issuer/ca: Ready True IsReady; KeyPairVerified "Signing CA
// verified" or ErrGetKeyPair / ErrInvalidKeyPair), and the certificate controllers as one step: the
// Secret `spec.secretName` (server-side apply as cert-manager-certificates-issuing: tls.key, tls.crt,
// ca.crt, tls-combined.pem for CombinedPEM, the certificate-name, issuer and SAN annotations, label
// controller.cert-manager.io/fao) with a real key and certificate (openssl.ts), then the status the
// readiness controller writes: Ready True (reason Ready, "Certificate is up to date and has not
// expired", the generation), notBefore, notAfter, renewalTime, revision. While the issuer is missing
// or not Ready it writes what cert-manager does while the Secret does not exist (Ready False and
// Issuing True, DoesNotExist). No CertificateRequests, no renewal, no keystores.
// An ACME issuer's account registration succeeds (Ready True, ACMEAccountRegistered; no account
// Secret, no status.acme), but nothing is issued through it. Strict: an issuer of another type
// (Vault, Venafi, external) is reported on its own status (Ready False, NotEmulated), never faked; a
// Certificate field it does not emulate is an error.
import { X509Certificate } from 'node:crypto';
import type { KubeObject, KubeRest } from '../kube-rest.js';
import { objectPath, type EmulatorSpec, type ListedObject, type Write } from './emulator.js';
import { rfc3339 } from './gardener-condition.js';
import { DEFAULT_USAGES, generateKey, issueCertificate, type Signer } from './openssl.js';
import { certificateSpecOf, goDurationSeconds, keySpecOf } from './cert-manager-spec.js';

export const certificatesPath = '/apis/cert-manager.io/v1/certificates';
export const issuersPath = '/apis/cert-manager.io/v1/issuers';
export const clusterIssuersPath = '/apis/cert-manager.io/v1/clusterissuers';
const GROUP = 'cert-manager.io';

export interface SecretObject extends ListedObject {
  data?: Record<string, string>;
}

export interface CertManagerCondition {
  readonly type: string;
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: string;
  readonly observedGeneration: number;
}
const conditionOf = (object: ListedObject, type: string, status: 'True' | 'False', reason: string, message: string, now: Date): CertManagerCondition => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: rfc3339(now),
  observedGeneration: object.metadata.generation ?? 0,
});
/** Whether the object's conditions already say this (type, status, reason, generation). */
function reports(object: ListedObject, wanted: readonly CertManagerCondition[]): boolean {
  const have = (object.status?.['conditions'] ?? []) as CertManagerCondition[];
  return wanted.every((w) =>
    have.some((c) => c.type === w.type && c.status === w.status && c.reason === w.reason && c.observedGeneration === w.observedGeneration),
  );
}
const decode = (secret: SecretObject | undefined, key: string): string | undefined => {
  const value = secret?.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
};

/** The issuer's Ready condition as its issuer controller writes it; `caSecret` is the CA issuer's Secret (undefined: not found). */
export function issuerReady(issuer: ListedObject, caSecret: SecretObject | undefined, now: Date): CertManagerCondition {
  const spec = (issuer as unknown as { spec?: { selfSigned?: object; ca?: { secretName: string }; acme?: object } }).spec ?? {};
  const ready = (status: 'True' | 'False', reason: string, message: string) => conditionOf(issuer, 'Ready', status, reason, message, now);
  if (spec.selfSigned) return ready('True', 'IsReady', '');
  // The ACME issuer's Setup registers an account with spec.acme.server (pkg/issuer/acme/setup.go).
  // The test has no ACME server: this stands in for one that accepts the registration, because a
  // Ready False issuer holds its Kustomization back as it would in a cluster (Flux's wait reads it).
  // No certificate is ever issued through it here.
  if (spec.acme) return ready('True', 'ACMEAccountRegistered', 'The ACME account was registered with the ACME server');
  if (spec.ca) {
    const [cert, key] = [decode(caSecret, 'tls.crt'), decode(caSecret, 'tls.key')];
    if (!caSecret) return ready('False', 'ErrGetKeyPair', `Error getting keypair for CA issuer: secrets "${spec.ca.secretName}" not found`);
    if (!cert || !key) return ready('False', 'ErrGetKeyPair', `Error getting keypair for CA issuer: secret "${spec.ca.secretName}" has no tls.crt or tls.key`);
    if (!new X509Certificate(cert).ca) return ready('False', 'ErrInvalidKeyPair', 'Error getting keypair for CA issuer: certificate is not a CA');
    return ready('True', 'KeyPairVerified', 'Signing CA verified');
  }
  const types = Object.keys(spec).join(', ') || 'no type';
  return ready(
    'False',
    'NotEmulated',
    `metal-garden's cert-manager emulator emulates only selfSigned, ca and acme issuers, not ${types}: nothing issues for this issuer`,
  );
}

export function issuerWrites(issuer: ListedObject, listPath: string, caSecret: SecretObject | undefined, now: Date): Write[] {
  if (issuer.metadata.deletionTimestamp) return [];
  const ready = issuerReady(issuer, caSecret, now);
  if (reports(issuer, [ready])) return [];
  return [
    {
      method: 'PATCH',
      path: `${objectPath(listPath, issuer)}/status`,
      body: { status: { conditions: [ready] } },
      what: `${listPath.endsWith('/clusterissuers') ? 'ClusterIssuer' : 'Issuer'} ${issuer.metadata.name}: Ready ${ready.status} ${ready.reason}`,
    },
  ];
}

/** The issuer says Ready True for its current generation. */
export const issuerIsReady = (issuer: ListedObject): boolean =>
  ((issuer.status?.['conditions'] ?? []) as CertManagerCondition[]).some(
    (c) => c.type === 'Ready' && c.status === 'True' && c.observedGeneration === issuer.metadata.generation,
  );

/** The last certificate of a PEM chain (cert-manager's CA issuer puts the chain's root in ca.crt). */
const lastPem = (chain: string): string => {
  const blocks = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
  if (blocks.length === 0) throw new Error('the CA Secret tls.crt holds no PEM certificate');
  return blocks[blocks.length - 1]!.replace(/\n?$/, '\n');
};

/** The Secret and the status for one issuance of `certificate`: self-signed without `signer`. */
export function issue(certificate: ListedObject, listPath: string, existing: SecretObject | undefined, signer: Signer | undefined, now: Date): Write[] {
  const spec = certificateSpecOf(certificate);
  const { name, namespace } = certificate.metadata;
  const duration = goDurationSeconds('spec.duration', spec.duration ?? '2160h');
  if (duration % 86_400 !== 0) throw new Error(`Certificate ${name}: spec.duration ${spec.duration} is not whole days (openssl -days)`);
  const renewBeforeSeconds = spec.renewBefore ? goDurationSeconds('spec.renewBefore', spec.renewBefore) : duration / 3;
  const reuse = spec.privateKey?.rotationPolicy === 'Never' ? decode(existing, 'tls.key') : undefined;
  const key = reuse ?? generateKey(keySpecOf(spec));
  const request = {
    key,
    ...(spec.commonName ? { commonName: spec.commonName } : {}),
    dnsNames: spec.dnsNames ?? [],
    ipAddresses: spec.ipAddresses ?? [],
    uris: spec.uris ?? [],
    usages: spec.usages && spec.usages.length > 0 ? spec.usages : DEFAULT_USAGES,
    isCA: spec.isCA ?? false,
    days: duration / 86_400,
  };
  const cert = issueCertificate(request, signer);
  const x509 = new X509Certificate(cert);
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  const renewBefore = renewBeforeSeconds >= duration ? duration / 3 : renewBeforeSeconds;
  const data: Record<string, string> = { 'tls.key': key, 'tls.crt': cert, 'ca.crt': signer ? lastPem(signer.cert) : cert };
  if (spec.additionalOutputFormats?.some((f) => f.type === 'CombinedPEM')) data['tls-combined.pem'] = `${key}\n${cert}`;
  const ref = spec.issuerRef;
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: existing ? ((existing as unknown as { type?: string }).type ?? 'kubernetes.io/tls') : 'kubernetes.io/tls',
    metadata: {
      name: spec.secretName,
      namespace,
      labels: { ...spec.secretTemplate?.labels, 'controller.cert-manager.io/fao': 'true' },
      annotations: {
        ...spec.secretTemplate?.annotations,
        'cert-manager.io/certificate-name': name,
        'cert-manager.io/issuer-name': ref.name,
        'cert-manager.io/issuer-kind': ref.kind ?? 'Issuer',
        'cert-manager.io/issuer-group': ref.group ?? GROUP,
        'cert-manager.io/common-name': spec.commonName ?? '',
        'cert-manager.io/alt-names': request.dnsNames.join(','),
        'cert-manager.io/ip-sans': request.ipAddresses.join(','),
        'cert-manager.io/uri-sans': request.uris.join(','),
      },
    },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  };
  const revision = ((certificate.status?.['revision'] as number | undefined) ?? 0) + 1;
  const ready = conditionOf(certificate, 'Ready', 'True', 'Ready', 'Certificate is up to date and has not expired', now);
  return [
    {
      method: 'PATCH',
      path: `/api/v1/namespaces/${namespace}/secrets/${spec.secretName}?fieldManager=cert-manager-certificates-issuing&force=true`,
      body: secret,
      contentType: 'application/apply-patch+yaml',
      what: `Secret ${namespace}/${spec.secretName} issued for Certificate ${name} (${signer ? `signed by ${ref.kind ?? 'Issuer'} ${ref.name}` : 'self-signed'})`,
    },
    {
      method: 'PATCH',
      path: `${objectPath(listPath, certificate)}/status`,
      body: {
        status: {
          conditions: [ready],
          notBefore: rfc3339(notBefore),
          notAfter: rfc3339(notAfter),
          renewalTime: rfc3339(new Date(notAfter.getTime() - renewBefore * 1000)),
          revision,
          lastFailureTime: null,
          failedIssuanceAttempts: null,
        },
      },
      what: `Certificate ${namespace}/${name}: generation ${certificate.metadata.generation} Ready True, revision ${revision}`,
    },
  ];
}

/** What cert-manager writes while the Secret does not exist and nothing can issue it yet. */
export function waitingWrites(certificate: ListedObject, listPath: string, now: Date): Write[] {
  const message = 'Issuing certificate as Secret does not exist';
  const conditions = [
    conditionOf(certificate, 'Ready', 'False', 'DoesNotExist', message, now),
    conditionOf(certificate, 'Issuing', 'True', 'DoesNotExist', message, now),
  ];
  if (reports(certificate, conditions)) return [];
  return [
    {
      method: 'PATCH',
      path: `${objectPath(listPath, certificate)}/status`,
      body: { status: { conditions } },
      what: `Certificate ${certificate.metadata.namespace}/${certificate.metadata.name}: Ready False, Issuing True (DoesNotExist)`,
    },
  ];
}

/** Issued for the current generation, and the Secret is still the one issued for it. */
export const issued = (certificate: ListedObject, secret: SecretObject | undefined): boolean =>
  secret?.metadata.annotations?.['cert-manager.io/certificate-name'] === certificate.metadata.name &&
  reports(certificate, [conditionOf(certificate, 'Ready', 'True', 'Ready', '', new Date(0))]);

export interface CertManagerOptions {
  /** Where ClusterIssuers' Secrets live (cert-manager's --cluster-resource-namespace). @default 'cert-manager' */
  readonly clusterResourceNamespace?: string;
  readonly clock?: () => Date;
}

export function certManagerEmulator(rest: KubeRest, options: CertManagerOptions = {}): EmulatorSpec {
  const clock = options.clock ?? (() => new Date());
  const get = async <T extends ListedObject>(path: string): Promise<T | undefined> => {
    const res = await rest.request('GET', path);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const secret = (namespace: string, name: string) => get<SecretObject>(`/api/v1/namespaces/${namespace}/secrets/${name}`);
  const caSecretOf = async (issuer: ListedObject): Promise<SecretObject | undefined> => {
    const ca = (issuer as unknown as { spec?: { ca?: { secretName: string } } }).spec?.ca;
    if (!ca) return undefined;
    return secret(issuer.metadata.namespace ?? options.clusterResourceNamespace ?? 'cert-manager', ca.secretName);
  };
  return {
    name: 'cert-manager (issuers, certificates)',
    // Issuers first: in one round a new CA issuer can become Ready and sign.
    lists: [issuersPath, clusterIssuersPath, certificatesPath],
    plan: async (object, listPath) => {
      if (listPath !== certificatesPath) return issuerWrites(object, listPath, await caSecretOf(object), clock());
      if (object.metadata.deletionTimestamp) return [];
      const spec = certificateSpecOf(object);
      const namespace = object.metadata.namespace!;
      const existing = await secret(namespace, spec.secretName);
      if (issued(object, existing)) return [];
      const { kind = 'Issuer', group = GROUP, name } = spec.issuerRef;
      if (group !== GROUP || (kind !== 'Issuer' && kind !== 'ClusterIssuer'))
        throw new Error(
          `Certificate ${object.metadata.name}: issuerRef ${group}/${kind} is an external issuer; emulated: cert-manager.io Issuer, ClusterIssuer`,
        );
      const issuer = await get<ListedObject>(
        kind === 'Issuer' ? `/apis/cert-manager.io/v1/namespaces/${namespace}/issuers/${name}` : `${clusterIssuersPath}/${name}`,
      );
      if (!issuer || !issuerIsReady(issuer)) return existing ? [] : waitingWrites(object, listPath, clock());
      const issuerSpec = (issuer as unknown as { spec: { ca?: object; selfSigned?: object } }).spec;
      if (issuerSpec.selfSigned) return issue(object, listPath, existing, undefined, clock());
      if (!issuerSpec.ca)
        throw new Error(
          `Certificate ${object.metadata.name}: ${kind} ${name} is not a selfSigned or ca issuer; the emulator issues through no other (ACME needs a CA server)`,
        );
      const caSecret = await caSecretOf(issuer);
      const [cert, key] = [decode(caSecret, 'tls.crt'), decode(caSecret, 'tls.key')];
      // The CA Secret went away since the issuer was Ready: the issuer controller reports it next round.
      if (!cert || !key) return [];
      return issue(object, listPath, existing, { cert, key }, clock());
    },
  };
}
