import type { Layer } from '../layer.js';
import type { Components } from '../../landscape/release-vector.js';
import { CertManager } from '../../constructs/cert-manager.js';
import { IngressNginx } from '../../constructs/ingress-nginx.js';
import { metalTcpExposures } from '../../constructs/metal-tcp-exposures.js';
import { Namespaces } from '../../constructs/namespaces.js';
import { GARDEN_NAMESPACE } from '../../constructs/gardener-domains.js';

export const CERT_MANAGER_NAMESPACE = 'cert-manager';
export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';
/** Namespaces this layer creates besides the metal control plane's (validation keeps that one apart from them). */
export const PREREQUISITE_NAMESPACES = [GARDEN_NAMESPACE, CERT_MANAGER_NAMESPACE, INGRESS_NGINX_NAMESPACE] as const;

/** Chart version of a release-vector component (cert-manager and ingress-nginx come from the complement, release-complement.ts). */
function chartVersion(components: Components, name: string): string {
  const version = components[name]?.version;
  if (!version) throw new Error(`release vector: component ${JSON.stringify(name)} has no chart version`);
  return version;
}

export const prerequisitesLayer: Layer = {
  cluster: 'runtime',
  name: 'prerequisites',
  description: 'Namespaces, cert-manager and ingress-nginx (TCP 4150/5222/50051, ssl-passthrough)',
  dependsOn: [],
  render: (chart, { landscape, components }) => {
    const { prerequisites, metalControlPlane, runtime } = landscape.spec;
    const metal = metalControlPlane.enabled ? metalControlPlane.namespace : undefined;
    new Namespaces(chart, 'namespaces', {
      names: [...PREREQUISITE_NAMESPACES, ...(metal ? [metal] : [])],
    });
    new CertManager(chart, 'cert-manager', { namespace: CERT_MANAGER_NAMESPACE, version: chartVersion(components, 'cert-manager') });
    new IngressNginx(chart, 'ingress-nginx', {
      namespace: INGRESS_NGINX_NAMESPACE,
      version: chartVersion(components, 'ingress-nginx'),
      replicas: prerequisites.ingressNginx.replicas,
      loadBalancerIP: runtime.ingress.loadBalancerIP,
      tcp: metal ? metalTcpExposures(metal) : [],
      sslPassthrough: true,
    });
  },
};
