import { z } from 'zod';
import { cidr, dnsLabel, dnsName, httpsEndpoint, secretName } from './primitives.js';

export const clusterNetworks = z.strictObject({
  nodes: cidr,
  pods: cidr,
  services: cidr,
});

export const dnsProvider = z.strictObject({
  type: z.enum(['google-clouddns', 'aws-route53', 'azure-dns', 'powerdns']).describe('Gardener DNS provider type'),
  secretRef: secretName.describe('Secret with the DNS provider credentials'),
});

export const runtime = z.strictObject({
  provider: z.strictObject({
    type: z.enum(['gcp', 'metalstack-cloud', 'other']).default('gcp'),
    region: z.string().min(1),
  }),
  networks: clusterNetworks.describe('the runtime cluster networks; they are also the soil seed networks'),
  ingress: z.strictObject({
    domain: dnsName.describe('wildcard ingress domain of the runtime cluster (*.<domain>)'),
    loadBalancerIP: z.ipv4().optional(),
  }),
  dns: dnsProvider,
  apiServerURL: httpsEndpoint
    .optional()
    .describe(
      "public URL of the runtime cluster's kube-apiserver, https://<host>[:port] (GKE: the cluster's endpoint, gcloud container clusters describe <name> --format 'value(endpoint)'). provider-metal on the soil gives it to the firewalls of the shoots there (ConfigMap garden/seed-api-server); required on gcp, where in-cluster it only knows a cluster IP",
    ),
});

/** Let's Encrypt's production ACME directory. */
export const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';

const issuerName = dnsLabel.default('metal-garden-public').describe('name of the ClusterIssuer');

/**
 * The cert-manager ClusterIssuer that signs the runtime cluster's public ingresses (the metal-api).
 * ACME (default: Let's Encrypt, HTTP-01 through ingress-nginx) needs the names to resolve to the
 * ingress publicly; CA signs with the platform's own CA key pair from a Secret.
 */
export const clusterIssuer = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({
        type: z.literal('acme'),
        name: issuerName,
        server: z
          .url({ protocol: /^https$/, error: 'must be the https:// URL of an ACME directory' })
          .default(LETS_ENCRYPT_PRODUCTION)
          .describe("ACME directory; default Let's Encrypt production"),
        email: z.email().optional().describe('contact for expiry notices of the ACME account'),
      }),
      z.strictObject({
        type: z.literal('ca'),
        name: issuerName,
        secretRef: secretName.describe('Secret in the cert-manager namespace with the CA key pair (tls.crt, tls.key)'),
      }),
    ],
    { error: 'expected one of "acme", "ca"' },
  )
  .describe('ClusterIssuer for the public ingresses: acme (default) or ca');

export const prerequisites = z
  .strictObject({
    certManager: z
      .strictObject({
        clusterIssuer: clusterIssuer.prefault({ type: 'acme' }),
      })
      .prefault({}),
    ingressNginx: z
      .strictObject({
        replicas: z.int().min(1).default(2),
      })
      .prefault({}),
  })
  .prefault({});
