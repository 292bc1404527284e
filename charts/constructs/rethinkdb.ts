import { Construct } from 'constructs';
import { IntOrString } from '../imports/k8s.js';
import {
  SIDECAR_CONFIG_MOUNT,
  provisionContainer,
  provisionedBinary,
  sidecarConfigYaml,
  TMP_MOUNT,
  sidecarCredentialEnv,
  sidecarMounts,
  sidecarVolumes,
  type BackupTarget,
} from './backup-restore-sidecar.js';
import { nonRootContainer, resources } from './pod-security.js';
import { DATA_VOLUME, SIDECAR_METRICS_PORT, StatefulDatabase, sidecarConfigMapName, type DatabaseStorage } from './stateful-database.js';

/** Data key of the password Secret (as metal-roles names it). */
export const RETHINKDB_PASSWORD_KEY = 'rethinkdb-password';
export const RETHINKDB_DRIVER_PORT = 28015;

export interface RethinkDbProps {
  /** StatefulSet and Service name, e.g. `metal-db`. */
  readonly name: string;
  readonly namespace: string;
  /** `repository:tag` of the RethinkDB image. */
  readonly image: string;
  /** `repository:tag` of the backup-restore-sidecar image (provides the sidecar, tini and the dump/restore tools). */
  readonly sidecarImage: string;
  /** Secret with key `rethinkdb-password`: the admin password, set on first start. */
  readonly passwordSecret: string;
  readonly backup: BackupTarget;
  /** Prefix of backup objects, unique per landscape and database. */
  readonly objectPrefix: string;
  readonly storage: DatabaseStorage;
}

const DATA_DIR = '/data/rethinkdb';

/**
 * The RethinkDB command. Only the driver port listens on the pod network (`--bind-driver all`); the
 * web admin UI (admin rights without the password) and the intra-cluster port of this single server
 * keep RethinkDB's default, loopback only (`--bind all`, as metal-roles runs it, opens both).
 * `--directory` must be the sidecar's db-data-directory, or a restore lands where RethinkDB does not look.
 */
export function rethinkDbCommand(): string {
  return `backup-restore-sidecar wait && exec rethinkdb --bind-driver all --directory ${DATA_DIR} --initial-password "$RETHINKDB_PASSWORD"`;
}
const PASSWORD_DIR = '/rethinkdb-secret';

/** metal-db: RethinkDB for metal-api with backup-restore-sidecar (restore on empty volume, periodic backups). */
export class RethinkDb extends Construct {
  constructor(scope: Construct, id: string, props: RethinkDbProps) {
    super(scope, id);
    const dataMount = { name: DATA_VOLUME, mountPath: '/data' };
    const database = nonRootContainer({
      name: 'rethinkdb',
      image: props.image,
      command: ['tini', '--'],
      args: ['sh', '-c', rethinkDbCommand()],
      env: [{ name: 'RETHINKDB_PASSWORD', valueFrom: { secretKeyRef: { name: props.passwordSecret, key: RETHINKDB_PASSWORD_KEY } } }],
      ports: [{ name: 'driver', containerPort: RETHINKDB_DRIVER_PORT }],
      readinessProbe: { tcpSocket: { port: IntOrString.fromNumber(RETHINKDB_DRIVER_PORT) }, initialDelaySeconds: 5, periodSeconds: 10 },
      // The driver port opens only after a restore finished (`wait`), which may take long: a startup probe holds liveness back.
      startupProbe: { tcpSocket: { port: IntOrString.fromNumber(RETHINKDB_DRIVER_PORT) }, periodSeconds: 10, failureThreshold: 360 },
      livenessProbe: { tcpSocket: { port: IntOrString.fromNumber(RETHINKDB_DRIVER_PORT) }, periodSeconds: 20, failureThreshold: 6 },
      resources: resources('100m', '256Mi', '1Gi'),
      volumeMounts: [dataMount, TMP_MOUNT, SIDECAR_CONFIG_MOUNT, provisionedBinary('backup-restore-sidecar'), provisionedBinary('tini')],
    });
    const sidecar = nonRootContainer({
      name: 'backup-restore-sidecar',
      image: props.image,
      command: ['tini', '--'],
      args: ['sh', '-c', `mkdir -p ${DATA_DIR} && exec backup-restore-sidecar start`],
      env: sidecarCredentialEnv(props.backup),
      ports: [{ name: 'metrics', containerPort: SIDECAR_METRICS_PORT }],
      resources: resources('20m', '64Mi', '512Mi'),
      volumeMounts: [
        dataMount,
        { name: 'password', mountPath: PASSWORD_DIR, readOnly: true },
        SIDECAR_CONFIG_MOUNT,
        provisionedBinary('backup-restore-sidecar'),
        provisionedBinary('tini'),
        provisionedBinary('rethinkdb-dump'),
        provisionedBinary('rethinkdb-restore'),
        ...sidecarMounts(props.backup),
      ],
    });
    new StatefulDatabase(this, 'db', {
      name: props.name,
      namespace: props.namespace,
      storage: props.storage,
      ports: { driver: RETHINKDB_DRIVER_PORT, metrics: SIDECAR_METRICS_PORT },
      sidecarConfig: sidecarConfigYaml({
        db: 'rethinkdb',
        dataDirectory: `${DATA_DIR}/`,
        backup: props.backup,
        objectPrefix: props.objectPrefix,
        extra: { 'rethinkdb-passwordfile': `${PASSWORD_DIR}/rethinkdb-password.txt` },
      }),
      initContainers: [
        provisionContainer(props.sidecarImage, ['/backup-restore-sidecar', '/ubuntu/tini', '/rethinkdb/rethinkdb-dump', '/rethinkdb/rethinkdb-restore']),
      ],
      containers: [database, sidecar],
      volumes: [
        ...sidecarVolumes(props.backup, sidecarConfigMapName(props.name), props.storage.size),
        { name: 'password', secret: { secretName: props.passwordSecret, items: [{ key: RETHINKDB_PASSWORD_KEY, path: 'rethinkdb-password.txt' }] } },
      ],
    });
  }
}
