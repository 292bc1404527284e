// Generates the PKI of one test control plane with the `openssl` CLI (Debian package
// `openssl`). Keys are ECDSA P-256: fast to generate and accepted everywhere here,
// including as the service-account signing key. Certificates live one day; each run
// makes new ones in its own temp dir.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.js';

export interface KeyPair {
  cert: string;
  key: string;
}

export interface ControlPlanePki {
  /** Signs serving certs and client certs that kube-apiserver accepts (--client-ca-file). */
  ca: KeyPair;
  kubeApiServerServing: KeyPair;
  gardenerApiServerServing: KeyPair;
  /** CN=admin, O=system:masters: the identity tests use. */
  admin: KeyPair;
  /** Identity gardener-apiserver uses towards kube-apiserver (see gardener-apiserver.ts). */
  gardenerApiServerClient: KeyPair;
  /** Separate CA for the aggregator's proxy client, as kube-apiserver expects (--requestheader-client-ca-file). */
  frontProxyCa: KeyPair;
  frontProxyClient: KeyPair;
  /** Service-account token signing key and its public half. */
  serviceAccount: { key: string; pub: string };
}

// Sections chosen per certificate with -extensions; keeps openssl's own defaults
// (which would mark every req -x509 certificate as a CA) out of the way.
const opensslConfig = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

function serverSection(name: string, sans: string[]): string {
  return `
[${name}]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
subjectAltName = ${sans.join(',')}
`;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const result = await run('openssl', args, { cwd, timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.stderr}`);
}

async function issue(dir: string, config: string, name: string, subject: string, section: string, signer?: KeyPair): Promise<KeyPair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  await openssl(
    [
      'req',
      '-x509',
      '-new',
      '-nodes',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-keyout',
      pair.key,
      '-out',
      pair.cert,
      '-days',
      '1',
      '-subj',
      subject,
      '-config',
      config,
      '-extensions',
      section,
      ...(signer ? ['-CA', signer.cert, '-CAkey', signer.key] : []),
    ],
    dir,
  );
  return pair;
}

/**
 * A client certificate of the control plane's CA for `subject` (e.g. `/CN=system:kube-scheduler`),
 * written into `dir` (any directory, e.g. the simulated cluster's) as `<name>.crt`/`<name>.key`.
 */
export async function issueClientCert(dir: string, ca: KeyPair, name: string, subject: string): Promise<KeyPair> {
  const config = join(dir, 'openssl-client.cnf');
  writeFileSync(config, opensslConfig);
  return issue(dir, config, name, subject, 'client', ca);
}

export interface PkiOptions {
  /** ClusterIP of the `kubernetes` Service: in-cluster clients verify it. */
  kubernetesServiceIp: string;
}

export async function generatePki(dir: string, options: PkiOptions): Promise<ControlPlanePki> {
  const config = join(dir, 'openssl.cnf');
  writeFileSync(
    config,
    opensslConfig +
      serverSection('kube_apiserver', [
        'DNS:localhost',
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.cluster.local',
        'IP:127.0.0.1',
        `IP:${options.kubernetesServiceIp}`,
      ]) +
      // The aggregator dials the ExternalName target but verifies the certificate
      // against <service>.<namespace>.svc, so that name must be in the SANs.
      serverSection('gardener_apiserver', [
        'DNS:localhost',
        'DNS:gardener-apiserver.kube-system.svc',
        'DNS:gardener-apiserver.kube-system.svc.cluster.local',
        'IP:127.0.0.1',
      ]),
  );

  const ca = await issue(dir, config, 'ca', '/CN=metal-garden-envtest-ca', 'ca');
  const frontProxyCa = await issue(dir, config, 'front-proxy-ca', '/CN=metal-garden-envtest-front-proxy-ca', 'ca');
  const [kubeApiServerServing, gardenerApiServerServing, admin, gardenerApiServerClient, frontProxyClient] = await Promise.all([
    issue(dir, config, 'kube-apiserver', '/CN=kube-apiserver', 'kube_apiserver', ca),
    issue(dir, config, 'gardener-apiserver', '/CN=gardener-apiserver', 'gardener_apiserver', ca),
    issue(dir, config, 'admin', '/O=system:masters/CN=admin', 'client', ca),
    issue(dir, config, 'gardener-apiserver-client', '/O=system:masters/CN=gardener-apiserver', 'client', ca),
    issue(dir, config, 'front-proxy-client', '/CN=front-proxy-client', 'client', frontProxyCa),
  ]);

  const serviceAccount = { key: join(dir, 'sa.key'), pub: join(dir, 'sa.pub') };
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', serviceAccount.key], dir);
  await openssl(['ec', '-in', serviceAccount.key, '-pubout', '-out', serviceAccount.pub], dir);

  return {
    ca,
    kubeApiServerServing,
    gardenerApiServerServing,
    admin,
    gardenerApiServerClient,
    frontProxyCa,
    frontProxyClient,
    serviceAccount,
  };
}
