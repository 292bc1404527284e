import { Construct } from 'constructs';
import { IntOrString, KubeService } from '../../../charts/imports/k8s.js';
import { METRICS_PORT, OBJECT_LABELS, OS_METAL_NAME, SELECTOR_LABELS } from './labels.js';

export interface MetricsServiceProps {
  readonly namespace: string;
  /** Default: `gardener-extension-os-metal`. */
  readonly name?: string;
}

/**
 * The metrics port as a Service. gardener-resource-manager's NetworkPolicy controller reads the
 * annotation and allows the seed's Prometheus (`all-seed-scrape-targets`) in on that port, which the
 * seed's default-deny policies otherwise block.
 */
export class MetricsService extends Construct {
  constructor(scope: Construct, id: string, props: MetricsServiceProps) {
    super(scope, id);
    new KubeService(this, 'resource', {
      metadata: {
        name: props.name ?? OS_METAL_NAME,
        namespace: props.namespace,
        labels: { ...OBJECT_LABELS },
        annotations: {
          'networking.resources.gardener.cloud/from-all-seed-scrape-targets-allowed-ports': JSON.stringify([{ port: METRICS_PORT, protocol: 'TCP' }]),
        },
      },
      spec: {
        type: 'ClusterIP',
        selector: { ...SELECTOR_LABELS },
        ports: [{ name: 'metrics', port: METRICS_PORT, targetPort: IntOrString.fromString('metrics'), protocol: 'TCP' }],
      },
    });
  }
}
