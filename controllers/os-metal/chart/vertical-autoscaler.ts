import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isTemplated } from './helm-template.js';
import { OBJECT_LABELS, OS_METAL_NAME } from './labels.js';

/** The update modes of autoscaling.k8s.io/v1 (vendored CRD generators/upstream/gardener/runtime-crds/10-crd-autoscaling.k8s.io_verticalpodautoscalers.yaml). */
export const VPA_UPDATE_MODES = ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'Auto'] as const;

export interface ControllerVerticalAutoscalerProps {
  readonly namespace: string;
  /** The Deployment to scale. */
  readonly deploymentName: string;
  /** Default: `Recreate`, as Gardener's extension charts (the PodDisruptionBudget keeps one pod up). */
  readonly updateMode?: string;
  /** Floor of the memory recommendation. Default: `64Mi`. */
  readonly minAllowedMemory?: string;
  /** Default: `gardener-extension-os-metal`. */
  readonly name?: string;
}

/**
 * A VerticalPodAutoscaler for the controller container. Seeds run the VPA (gardenlet deploys it), and
 * Gardener's extension charts ship one; the chart makes it optional (`vpa.enabled`).
 */
export class ControllerVerticalAutoscaler extends Construct {
  constructor(scope: Construct, id: string, props: ControllerVerticalAutoscalerProps) {
    super(scope, id);
    const updateMode = props.updateMode ?? 'Recreate';
    if (!isTemplated(updateMode) && !(VPA_UPDATE_MODES as readonly string[]).includes(updateMode)) {
      throw new Error(`ControllerVerticalAutoscaler: updateMode ${JSON.stringify(updateMode)} is not one of ${VPA_UPDATE_MODES.join(', ')}`);
    }
    new ApiObject(this, 'resource', {
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name: props.name ?? OS_METAL_NAME, namespace: props.namespace, labels: { ...OBJECT_LABELS } },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deploymentName },
        updatePolicy: { updateMode },
        resourcePolicy: { containerPolicies: [{ containerName: 'os-metal', minAllowed: { memory: props.minAllowedMemory ?? '64Mi' } }] },
      },
    });
  }
}
