// Stands in for the cloud-controller-manager's service controller (k8s.io/cloud-provider
// controllers/service), which provisions a load balancer for each Service of type LoadBalancer
// and writes its address to status.loadBalancer.ingress. KWOK runs no cloud provider; without
// this, helm-controller's wait (kstatus: a LoadBalancer Service is Current only with an ingress
// address) would never end for ingress-nginx's controller Service.
// The address comes from TEST-NET-1 (RFC 5737, 192.0.2.0/24), one per Service, with ipMode VIP
// (what cloud providers that set it write; Kubernetes >= 1.30).
import { objectPath, type EmulatorSpec, type ListedObject, type Write } from './emulator.js';

export const servicesPath = '/api/v1/services';

/** The status write for one Service, or none (not a LoadBalancer, or it has its address). */
export function loadBalancerWrites(service: ListedObject, listPath: string, address: string): Write[] {
  const spec = (service as unknown as { spec?: { type?: string } }).spec;
  if (spec?.type !== 'LoadBalancer' || service.metadata.deletionTimestamp) return [];
  const ingress = (service.status?.['loadBalancer'] as { ingress?: unknown[] } | undefined)?.ingress ?? [];
  if (ingress.length > 0) return [];
  return [
    {
      method: 'PATCH',
      path: `${objectPath(listPath, service)}/status`,
      body: { status: { loadBalancer: { ingress: [{ ip: address, ipMode: 'VIP' }] } } },
      what: `Service ${service.metadata.namespace}/${service.metadata.name}: load balancer ${address}`,
    },
  ];
}

export function loadBalancerEmulator(): EmulatorSpec {
  const addresses = new Map<string, string>();
  return {
    name: 'cloud-controller-manager (service controller)',
    lists: [servicesPath],
    plan: (service, listPath) => {
      if ((service as unknown as { spec?: { type?: string } }).spec?.type !== 'LoadBalancer') return [];
      const key = service.metadata.uid ?? `${service.metadata.namespace}/${service.metadata.name}`;
      if (!addresses.has(key)) {
        if (addresses.size >= 254) throw new Error('more than 254 LoadBalancer Services: TEST-NET-1 is exhausted');
        addresses.set(key, `192.0.2.${addresses.size + 1}`);
      }
      return loadBalancerWrites(service, listPath, addresses.get(key)!);
    },
  };
}
