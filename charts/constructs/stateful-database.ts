import { Construct } from 'constructs';
import { IntOrString, KubeConfigMap, KubeService, KubeStatefulSet, Quantity, type Container, type Volume } from '../imports/k8s.js';
import { nonRootPodSecurityContext } from './pod-security.js';

/** Storage of a database's data volume. */
export interface DatabaseStorage {
  readonly storageClass: string;
  /** e.g. `10Gi`. */
  readonly size: string;
}

export interface StatefulDatabaseProps {
  readonly name: string;
  readonly namespace: string;
  readonly storage: DatabaseStorage;
  readonly containers: readonly Container[];
  readonly initContainers: readonly Container[];
  readonly volumes: readonly Volume[];
  /** Service ports: name → port (target port equal). */
  readonly ports: Readonly<Record<string, number>>;
  /** `config.yaml` of backup-restore-sidecar, stored in ConfigMap `<name>-backup-restore-sidecar`. */
  readonly sidecarConfig: string;
}

export const DATA_VOLUME = 'data';
/** Port of backup-restore-sidecar's Prometheus metrics. */
export const SIDECAR_METRICS_PORT = 2112;
const quantity = /^\d+(Ki|Mi|Gi|Ti)$/;

/** ConfigMap name holding the backup-restore-sidecar config of database `name`. */
export function sidecarConfigMapName(name: string): string {
  return `${name}-backup-restore-sidecar`;
}

/**
 * The shape every metal-stack database shares: one replica StatefulSet (backup-restore-sidecar
 * restores from the bucket when the volume is empty, so one replica plus backups is the HA model
 * metal-roles uses), a PVC template named `data`, a ClusterIP Service and the sidecar's ConfigMap.
 */
export class StatefulDatabase extends Construct {
  constructor(scope: Construct, id: string, props: StatefulDatabaseProps) {
    super(scope, id);
    if (!quantity.test(props.storage.size)) throw new Error(`${props.name}: storage size ${JSON.stringify(props.storage.size)} is not a quantity like 10Gi`);
    const labels = { app: props.name };
    new KubeConfigMap(this, 'sidecar-config', {
      metadata: { name: sidecarConfigMapName(props.name), namespace: props.namespace, labels },
      data: { 'config.yaml': props.sidecarConfig },
    });
    new KubeService(this, 'service', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        selector: labels,
        ports: Object.entries(props.ports).map(([name, port]) => ({ name, port, targetPort: IntOrString.fromNumber(port) })),
      },
    });
    new KubeStatefulSet(this, 'statefulset', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        serviceName: props.name,
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            securityContext: nonRootPodSecurityContext(),
            enableServiceLinks: false,
            initContainers: [...props.initContainers],
            containers: [...props.containers],
            volumes: [...props.volumes],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: DATA_VOLUME },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: props.storage.storageClass,
              resources: { requests: { storage: Quantity.fromString(props.storage.size) } },
            },
          },
        ],
      },
    });
  }
}
