import { Construct } from 'constructs';
import { IntOrString, KubePodDisruptionBudget } from '../imports/k8s.js';

export interface NoEvictionBudgetProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the pods no drain may evict. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/**
 * A PodDisruptionBudget with `maxUnavailable: 0` for a single-replica workload: every voluntary
 * eviction (a node drain) waits until an operator moves the pod, the "consult me first" option the
 * Kubernetes documentation gives for single-instance stateful applications. An unhealthy pod may
 * still be evicted (`AlwaysAllow`), since keeping a broken pod protects nothing.
 */
export class NoEvictionBudget extends Construct {
  constructor(scope: Construct, id: string, props: NoEvictionBudgetProps) {
    super(scope, id);
    new KubePodDisruptionBudget(this, 'budget', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        maxUnavailable: IntOrString.fromNumber(0),
        selector: { matchLabels: { ...props.podLabels } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
