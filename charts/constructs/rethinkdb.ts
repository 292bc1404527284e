import { Construct } from 'constructs';
import { IntOrString } from '../imports/k8s.js';
import {
  SIDECAR_CONFIG_MOUNT,
  provisionContainer,
  provisionedBinary,
  sidecarConfigYaml,
  sidecarCredentialEnv,
  sidecarCredentialMounts,
  sidecarVolumes,
  type BackupTarget,
} from './backup-restore-sidecar.js';
import { nonRootContainer, resources } from './pod-security.js';
import { DATA_VOLUME, StatefulDatabase, sidecarConfigMapName, type DatabaseStorage } from './stateful-database.js';

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
      // --directory must be the sidecar's db-data-directory, or a restore lands where RethinkDB does not look.
      args: ['sh', '-c', `backup-restore-sidecar wait && exec rethinkdb --bind all --directory ${DATA_DIR} --initial-password "$RETHINKDB_PASSWORD"`],
      env: [{ name: 'RETHINKDB_PASSWORD', valueFrom: { secretKeyRef: { name: props.passwordSecret, key: RETHINKDB_PASSWORD_KEY } } }],
      ports: [{ name: 'driver', containerPort: RETHINKDB_DRIVER_PORT }],
      readinessProbe: { tcpSocket: { port: IntOrString.fromNumber(RETHINKDB_DRIVER_PORT) }, initialDelaySeconds: 5, periodSeconds: 10 },
      resources: resources('100m', '256Mi', '1Gi'),
      volumeMounts: [dataMount, SIDECAR_CONFIG_MOUNT, provisionedBinary('backup-restore-sidecar'), provisionedBinary('tini')],
    });
    const sidecar = nonRootContainer({
      name: 'backup-restore-sidecar',
      image: props.image,
      command: ['tini', '--'],
      args: ['sh', '-c', `mkdir -p ${DATA_DIR} && exec backup-restore-sidecar start`],
      env: sidecarCredentialEnv(props.backup),
      ports: [{ name: 'metrics', containerPort: 2112 }],
      resources: resources('20m', '64Mi', '512Mi'),
      volumeMounts: [
        dataMount,
        { name: 'password', mountPath: PASSWORD_DIR, readOnly: true },
        SIDECAR_CONFIG_MOUNT,
        provisionedBinary('backup-restore-sidecar'),
        provisionedBinary('tini'),
        provisionedBinary('rethinkdb-dump'),
        provisionedBinary('rethinkdb-restore'),
        ...sidecarCredentialMounts(props.backup),
      ],
    });
    new StatefulDatabase(this, 'db', {
      name: props.name,
      namespace: props.namespace,
      storage: props.storage,
      ports: { driver: RETHINKDB_DRIVER_PORT, metrics: 2112 },
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
        ...sidecarVolumes(props.backup, sidecarConfigMapName(props.name)),
        { name: 'password', secret: { secretName: props.passwordSecret, items: [{ key: RETHINKDB_PASSWORD_KEY, path: 'rethinkdb-password.txt' }] } },
      ],
    });
  }
}
