import { Construct } from 'constructs';
import { Garden, GardenSpecRuntimeClusterIngressControllerKind } from '../imports/operator.gardener.cloud.js';

/** Name of the one DNS provider entry; ingress and virtual-cluster domains refer to it. */
export const GARDEN_DNS_PROVIDER = 'primary';

/**
 * Service network of the virtual garden's kube-apiserver (required by the Garden API). The virtual
 * garden has no nodes or pods, so it only has to stay clear of the runtime cluster's networks; this is
 * the range of Gardener's and metal-roles' examples.
 */
export const DEFAULT_VIRTUAL_GARDEN_SERVICES = '100.64.0.0/13';

export interface GardenProps {
  /** Garden name and the Gardener cluster identity (the landscape name). */
  readonly name: string;
  /** DNS provider for the Garden's records (`api.`/`gardener.` of the virtual cluster domain, runtime ingress). */
  readonly dns: { readonly type: string; readonly secretName: string };
  readonly runtime: {
    readonly region: string;
    /** Availability zones of the runtime cluster. Default: none (Gardener spreads without zone pinning). */
    readonly zones?: readonly string[];
    readonly networks: { readonly nodes: string; readonly pods: string; readonly services: string };
    /** Wildcard ingress domain of the runtime cluster (Gardener's dashboards are served below it). */
    readonly ingressDomain: string;
  };
  readonly virtualCluster: {
    /** The virtual garden API is served at `api.<domain>`. */
    readonly domain: string;
    readonly kubernetesVersion: string;
    /** Three-replica etcd and control plane; cannot be switched off again once on. */
    readonly highAvailability: boolean;
    /** Default: DEFAULT_VIRTUAL_GARDEN_SERVICES. */
    readonly servicesCidr?: string;
    readonly maintenance: { readonly begin: string; readonly end: string };
    readonly backup: {
      /** BackupBucket type served by an Extension, e.g. `gcp` or `S3`. */
      readonly provider: string;
      readonly bucketName: string;
      readonly region?: string;
      /** Secret in namespace garden with the object-store credentials. */
      readonly secretName: string;
    };
  };
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const kubernetesVersion = /^\d+\.\d+\.\d+$/;
const timeOfDay = /^([01]\d|2[0-3])[0-5]\d[0-5]\d[+-]\d{4}$/;

/**
 * The `Garden`: gardener-operator creates the virtual garden (etcd, kube-apiserver) and Gardener's
 * control plane from it. Never carries `gardener.cloud/operation`: credential rotations are one-shot
 * operations for a human, not desired state.
 */
export class GardenerGarden extends Construct {
  readonly garden: Garden;

  constructor(scope: Construct, id: string, props: GardenProps) {
    super(scope, id);
    if (!dnsLabel.test(props.name)) throw new Error(`Garden name ${JSON.stringify(props.name)} must be a DNS label`);
    const { virtualCluster: vc, runtime } = props;
    if (!kubernetesVersion.test(vc.kubernetesVersion)) {
      throw new Error(`Garden ${props.name}: virtual cluster Kubernetes version ${JSON.stringify(vc.kubernetesVersion)} must look like 1.33.5`);
    }
    for (const [field, value] of Object.entries(vc.maintenance)) {
      if (!timeOfDay.test(value)) throw new Error(`Garden ${props.name}: maintenance ${field} ${JSON.stringify(value)} must be HHMMSS+ZZZZ`);
    }
    for (const secret of [props.dns.secretName, vc.backup.secretName]) {
      if (!dnsLabel.test(secret)) throw new Error(`Garden ${props.name}: secret name ${JSON.stringify(secret)} must be a DNS label`);
    }

    this.garden = new Garden(this, 'garden', {
      metadata: { name: props.name },
      spec: {
        dns: { providers: [{ name: GARDEN_DNS_PROVIDER, type: props.dns.type, secretRef: { name: props.dns.secretName } }] },
        runtimeCluster: {
          ingress: {
            controller: { kind: GardenSpecRuntimeClusterIngressControllerKind.NGINX },
            domains: [{ name: runtime.ingressDomain, provider: GARDEN_DNS_PROVIDER }],
          },
          networking: { nodes: [runtime.networks.nodes], pods: [runtime.networks.pods], services: [runtime.networks.services] },
          provider: { region: runtime.region, ...(runtime.zones && runtime.zones.length > 0 ? { zones: [...runtime.zones] } : {}) },
        },
        virtualCluster: {
          ...(vc.highAvailability ? { controlPlane: { highAvailability: {} } } : {}),
          dns: { domains: [{ name: vc.domain, provider: GARDEN_DNS_PROVIDER }] },
          etcd: {
            main: {
              backup: {
                provider: vc.backup.provider,
                bucketName: vc.backup.bucketName,
                ...(vc.backup.region ? { region: vc.backup.region } : {}),
                secretRef: { name: vc.backup.secretName },
              },
            },
          },
          gardener: { clusterIdentity: props.name },
          kubernetes: { version: vc.kubernetesVersion },
          maintenance: { timeWindow: { begin: vc.maintenance.begin, end: vc.maintenance.end } },
          networking: { services: [vc.servicesCidr ?? DEFAULT_VIRTUAL_GARDEN_SERVICES] },
        },
      },
    });
  }
}
