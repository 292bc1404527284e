import { Construct } from 'constructs';
import { ClusterIssuer } from '../imports/cert-manager.io.js';

export type PublicIssuerKind =
  { readonly type: 'acme'; readonly server: string; readonly email?: string } | { readonly type: 'ca'; readonly secretName: string };

export interface PublicClusterIssuerProps {
  readonly name: string;
  readonly issuer: PublicIssuerKind;
  /** IngressClass of the HTTP-01 solver's temporary Ingress (ACME only). */
  readonly ingressClassName: string;
}

/** Secret cert-manager creates for the ACME account key of the issuer. */
export function acmeAccountSecretName(issuerName: string): string {
  return `${issuerName}-acme-account`;
}

/**
 * The cert-manager ClusterIssuer for the runtime cluster's public ingresses. ACME solves HTTP-01
 * through ingress-nginx (the names must resolve to its load balancer); CA signs with the key pair
 * of a Secret in cert-manager's cluster resource namespace (its own namespace).
 */
export class PublicClusterIssuer extends Construct {
  readonly issuer: ClusterIssuer;

  constructor(scope: Construct, id: string, props: PublicClusterIssuerProps) {
    super(scope, id);
    const { issuer } = props;
    if (issuer.type === 'acme' && !issuer.server.startsWith('https://')) {
      throw new Error(`PublicClusterIssuer ${props.name}: ACME server ${JSON.stringify(issuer.server)} must be an https:// URL`);
    }
    this.issuer = new ClusterIssuer(this, 'issuer', {
      metadata: { name: props.name },
      spec:
        issuer.type === 'acme'
          ? {
              acme: {
                server: issuer.server,
                ...(issuer.email ? { email: issuer.email } : {}),
                privateKeySecretRef: { name: acmeAccountSecretName(props.name) },
                solvers: [{ http01: { ingress: { ingressClassName: props.ingressClassName } } }],
              },
            }
          : { ca: { secretName: issuer.secretName } },
    });
  }
}
