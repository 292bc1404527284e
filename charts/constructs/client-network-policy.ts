import { Construct } from 'constructs';
import { IntOrString, KubeNetworkPolicy, type NetworkPolicyPeer } from '../imports/k8s.js';

/** Who may connect: pods of the policy's own namespace by labels, or pods of another namespace. */
export type ClientPeer =
  | { readonly kind: 'namespace' }
  | { readonly kind: 'pods'; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'podsWithLabelIn'; readonly key: string; readonly values: readonly string[] }
  | { readonly kind: 'podsInNamespace'; readonly namespace: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'anywhere' };

export interface ClientPort {
  readonly port: number;
  /** Who may connect to this port; an empty list admits nobody (the port is for loopback use only). */
  readonly from: readonly ClientPeer[];
}

export interface ClientNetworkPolicyProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the pods the policy protects (the Service's selector). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Every port the pods serve; a port not listed is closed to the network. */
  readonly ports: readonly ClientPort[];
}

/** The `kubernetes.io/metadata.name` label every namespace carries (set by the API server since Kubernetes 1.22). */
const NAMESPACE_NAME = 'kubernetes.io/metadata.name';

function peer(client: ClientPeer): NetworkPolicyPeer {
  switch (client.kind) {
    case 'namespace':
      return { podSelector: {} };
    case 'pods':
      return { podSelector: { matchLabels: { ...client.labels } } };
    case 'podsWithLabelIn':
      return { podSelector: { matchExpressions: [{ key: client.key, operator: 'In', values: [...client.values] }] } };
    case 'podsInNamespace':
      return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: client.namespace } }, podSelector: { matchLabels: { ...client.labels } } };
    case 'anywhere':
      return { namespaceSelector: {} };
  }
}

/**
 * An ingress-only NetworkPolicy that admits exactly the named clients per port. Egress stays open:
 * the backup sidecars reach object storage at addresses the landscape does not know.
 */
export class ClientNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: ClientNetworkPolicyProps) {
    super(scope, id);
    const ports = new Set<number>();
    for (const { port } of props.ports) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`NetworkPolicy ${props.name}: port ${port} is not a port number (1-65535)`);
      if (ports.has(port)) throw new Error(`NetworkPolicy ${props.name}: port ${port} is listed twice`);
      ports.add(port);
    }
    new KubeNetworkPolicy(this, 'policy', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: ['Ingress'],
        ingress: props.ports
          .filter((p) => p.from.length > 0)
          .map((p) => ({ ports: [{ protocol: 'TCP', port: IntOrString.fromNumber(p.port) }], from: p.from.map(peer) })),
      },
    });
  }
}
