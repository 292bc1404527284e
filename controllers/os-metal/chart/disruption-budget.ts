import { Construct } from 'constructs';
import { IntOrString, KubePodDisruptionBudget } from '../../../charts/imports/k8s.js';
import { OBJECT_LABELS, OS_METAL_NAME, SELECTOR_LABELS } from './labels.js';

export interface ControllerDisruptionBudgetProps {
  readonly namespace: string;
  /** Default: `gardener-extension-os-metal`. */
  readonly name?: string;
}

/**
 * At most one os-metal pod evicted at a time, so a node drain never takes leader and standby together.
 * Unhealthy pods may always be evicted (they serve nothing), as Gardener's extension charts allow.
 */
export class ControllerDisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: ControllerDisruptionBudgetProps) {
    super(scope, id);
    new KubePodDisruptionBudget(this, 'resource', {
      metadata: { name: props.name ?? OS_METAL_NAME, namespace: props.namespace, labels: { ...OBJECT_LABELS } },
      spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: { ...SELECTOR_LABELS } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
  }
}
