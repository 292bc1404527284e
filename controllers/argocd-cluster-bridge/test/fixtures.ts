// Test inputs: kubeconfigs shaped like the one Gardener's token-requestor writes. The token and the
// certificate are made up (the certificate is not parsed, only its PEM frame is checked).
import { stringify } from 'yaml';

/** A made-up service-account-token-shaped value (JWT layout), so masking by shape is exercised too. */
export const TOKEN_A = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6a3ViZS1zeXN0ZW06YSJ9.c2lnbmF0dXJlLWE';
/** A second token without the JWT shape, so masking by field name is exercised. */
export const TOKEN_B = 'rotatedtoken0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9';

export const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBdTCCARugAwIBAgIUZmFrZSBjZXJ0aWZpY2F0ZSBmb3IgdGVzdHM=\n-----END CERTIFICATE-----\n';
export const CA_DATA = Buffer.from(CA_PEM).toString('base64');

export const SERVER = 'https://virtual-garden-kube-apiserver.garden.svc.cluster.local';

export interface KubeconfigParts {
  readonly server?: string;
  readonly token?: string;
  readonly caData?: string;
  readonly user?: Record<string, unknown>;
  readonly cluster?: Record<string, unknown>;
}

/** The token-requestor's kubeconfig: one cluster, one context, one user, current-context set. */
export function tokenKubeconfig(parts: KubeconfigParts = {}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'virtual-garden',
        cluster: parts.cluster ?? { server: parts.server ?? SERVER, ...(parts.caData === '' ? {} : { 'certificate-authority-data': parts.caData ?? CA_DATA }) },
      },
    ],
    contexts: [{ name: 'virtual-garden', context: { cluster: 'virtual-garden', user: 'metal-garden-flux' } }],
    'current-context': 'virtual-garden',
    users: [{ name: 'metal-garden-flux', user: parts.user ?? { token: parts.token ?? TOKEN_A } }],
  });
}
