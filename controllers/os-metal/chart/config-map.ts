import { Construct } from 'constructs';
import { KubeConfigMap } from '../../../charts/imports/k8s.js';
import { CONFIG_KEY, OBJECT_LABELS, OS_METAL_NAME } from './labels.js';

export interface ControllerConfigMapProps {
  readonly namespace: string;
  /** The ControllerConfiguration file's text (`controllerConfigurationText`), stored under `config.yaml`. */
  readonly configuration: string;
  /** Default: `gardener-extension-os-metal-config`. */
  readonly name?: string;
}

/** The configuration file os-metal reads (`--config=/etc/os-metal/config.yaml`). */
export class ControllerConfigMap extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: ControllerConfigMapProps) {
    super(scope, id);
    if (props.configuration.trim() === '') throw new Error('ControllerConfigMap: configuration "" is empty; expected a ControllerConfiguration document');
    this.name = props.name ?? `${OS_METAL_NAME}-config`;
    new KubeConfigMap(this, 'resource', {
      metadata: { name: this.name, namespace: props.namespace, labels: { ...OBJECT_LABELS } },
      data: { [CONFIG_KEY]: props.configuration },
    });
  }
}
