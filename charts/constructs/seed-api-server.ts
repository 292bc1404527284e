import { Construct } from 'constructs';
import { KubeConfigMap } from '../imports/k8s.js';

/**
 * Where provider-metal looks for it (gardener-extension-provider-metal v0.27.11
 * `pkg/controller/controlplane/valuesprovider.go`, getFirewallControllerManagerChartValues): a
 * ConfigMap `seed-api-server` in namespace `garden` of the seed, key `url`.
 */
export const SEED_API_SERVER_CONFIG_MAP = { name: 'seed-api-server', namespace: 'garden', key: 'url' } as const;

export interface SeedApiServerProps {
  /** The seed's kube-apiserver as reachable from the partition's firewalls: `https://<host>[:port]`. */
  readonly url: string;
}

/**
 * The seed's public kube-apiserver URL for provider-metal. Without it provider-metal uses
 * `https://$KUBERNETES_SERVICE_HOST`; on a cluster Gardener does not manage (GKE) that is a cluster IP
 * the firewall-controller cannot reach, and provider-metal panics on an IP there ("is not a dns entry").
 * metal-roles writes the same object from the GKE endpoint (gardener-operator role, control-plane-networks/gcp.yaml).
 */
export class SeedApiServer extends Construct {
  readonly configMap: KubeConfigMap;

  constructor(scope: Construct, id: string, props: SeedApiServerProps) {
    super(scope, id);
    if (!/^https:\/\/[^/?#@\s]+$/.test(props.url)) {
      throw new Error(`SeedApiServer: url ${JSON.stringify(props.url)} must be https://<host>[:port] without path, query, credentials or trailing slash`);
    }
    this.configMap = new KubeConfigMap(this, 'config-map', {
      metadata: { name: SEED_API_SERVER_CONFIG_MAP.name, namespace: SEED_API_SERVER_CONFIG_MAP.namespace },
      data: { [SEED_API_SERVER_CONFIG_MAP.key]: props.url },
    });
  }
}
