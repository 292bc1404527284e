import { z } from 'zod';
import { cidr, dnsName, httpsEndpoint, secretName, semver } from './primitives.js';

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

export const prerequisites = z
  .strictObject({
    certManager: z
      .strictObject({
        version: semver.default('v1.19.1').describe('cert-manager Helm chart version'),
        acmeEmail: z.email().optional().describe('enables a Let’s Encrypt ClusterIssuer'),
      })
      .prefault({}),
    ingressNginx: z
      .strictObject({
        version: semver.default('4.13.3').describe('ingress-nginx Helm chart version'),
        replicas: z.int().min(1).default(2),
      })
      .prefault({}),
  })
  .prefault({});
