import { Construct } from 'constructs';
import { KubeServiceAccount } from '../../../charts/imports/k8s.js';
import { OBJECT_LABELS, OS_METAL_NAME } from './labels.js';

export interface ControllerServiceAccountProps {
  /** Namespace of the installation (gardenlet: `extension-<ControllerInstallation name>`). */
  readonly namespace: string;
  /** Default: `gardener-extension-os-metal`. */
  readonly name?: string;
}

/** The identity os-metal's pods run as; the ClusterRoleBinding and the lease RoleBinding bind it. */
export class ControllerServiceAccount extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: ControllerServiceAccountProps) {
    super(scope, id);
    this.name = props.name ?? OS_METAL_NAME;
    new KubeServiceAccount(this, 'resource', { metadata: { name: this.name, namespace: props.namespace, labels: { ...OBJECT_LABELS } } });
  }
}
