import type { TcpExposure } from './ingress-nginx.js';
import { METAL_API_GRPC_PORT, METAL_API_SERVICE, METAL_CONSOLE_PUBLIC_PORT, METAL_CONSOLE_SERVICE, METAL_CONSOLE_SERVICE_PORT } from './metal-control-plane.js';
import { NSQD_SERVICE, NSQD_TCP_PORT } from './nsq.js';

/**
 * The non-HTTP ports of the metal-stack control plane that partitions and operators reach through
 * the ingress controller: nsqd (metal-core subscribes to machine events), metal-api gRPC
 * (metal-core, pixiecore, metal-hammer), metal-console SSH (`metalctl machine console`).
 */
export function metalTcpExposures(namespace: string): TcpExposure[] {
  return [
    { port: NSQD_TCP_PORT, namespace, service: NSQD_SERVICE, servicePort: NSQD_TCP_PORT },
    { port: METAL_CONSOLE_PUBLIC_PORT, namespace, service: METAL_CONSOLE_SERVICE, servicePort: METAL_CONSOLE_SERVICE_PORT },
    { port: METAL_API_GRPC_PORT, namespace, service: METAL_API_SERVICE, servicePort: METAL_API_GRPC_PORT },
  ];
}
